// Zones that ICU, and so Intl in Node and Chromium, still calls by a name the IANA database has
// since replaced: resolvedOptions() and supportedValuesOf() say "Asia/Calcutta" where tzdata has
// said "Asia/Kolkata" since 2008. The old names remain valid (IANA keeps them as links), so a name
// someone wrote is kept as written; this table is for the names Almanac picks itself: a city or an
// abbreviation in plain words, the browser's own zone, the zone list of the form.
// Small and free of imports: the browser loads it.
export const CURRENT_ZONE_NAMES: Readonly<Record<string, string>> = {
  "Africa/Asmera": "Africa/Asmara",
  "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
  "America/Catamarca": "America/Argentina/Catamarca",
  "America/Coral_Harbour": "America/Atikokan",
  "America/Cordoba": "America/Argentina/Cordoba",
  "America/Godthab": "America/Nuuk",
  "America/Indianapolis": "America/Indiana/Indianapolis",
  "America/Jujuy": "America/Argentina/Jujuy",
  "America/Louisville": "America/Kentucky/Louisville",
  "America/Mendoza": "America/Argentina/Mendoza",
  "Asia/Calcutta": "Asia/Kolkata",
  "Asia/Katmandu": "Asia/Kathmandu",
  "Asia/Rangoon": "Asia/Yangon",
  "Asia/Saigon": "Asia/Ho_Chi_Minh",
  "Atlantic/Faeroe": "Atlantic/Faroe",
  "Europe/Kiev": "Europe/Kyiv",
  "Pacific/Enderbury": "Pacific/Kanton",
  "Pacific/Ponape": "Pacific/Pohnpei",
  "Pacific/Truk": "Pacific/Chuuk",
};

/** The name the IANA database uses today for a zone ICU names the old way ("Asia/Calcutta" -> "Asia/Kolkata"). */
export function currentZoneName(name: string): string {
  return CURRENT_ZONE_NAMES[name] ?? name;
}

/** Whether two names (as Intl or the database spell them) are the same zone by its current name. */
export function sameZoneName(a: string, b: string): boolean {
  return currentZoneName(a) === currentZoneName(b);
}
