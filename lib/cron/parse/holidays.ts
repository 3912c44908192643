// Holidays by name. Those on the same date every year are that date ("on Christmas at 9am" is
// 0 9 25 12 *); the date itself, not a day off "observed" on a Friday or a Monday. Those that move
// from year to year (Easter, Thanksgiving, Labor Day) are refused: 5-field cron repeats fixed dates
// and weekdays, never "the fourth Thursday of November" or a lunar date, so the refusal names the
// rule and suggests the date form, to be changed each year. This table is the one home of both.
import { refuse, type Match } from "./clauses";
import { isPunct, skip, type Tokens } from "./tokens";

type Fixed = { label: string; month: number; day: number; names: readonly string[] };
type Movable = {
  label: string;
  /** How its date is found, said in the refusal. */
  rule: string;
  /** The date it fell on in 2026, as an example of the date form to write instead. */
  example: string;
  names: readonly string[];
};

// Names are written as the tokenizer gives them: lower case, apostrophes dropped ("new year's" is
// "new years"); "." and "'" between words are skipped when matching ("St. Patrick's", "April Fools'").
const FIXED: readonly Fixed[] = [
  { label: "New Year's Day", month: 1, day: 1, names: ["new years day", "new year day", "new years", "new year"] },
  { label: "Epiphany", month: 1, day: 6, names: ["epiphany"] },
  { label: "Australia Day", month: 1, day: 26, names: ["australia day"] },
  { label: "Groundhog Day", month: 2, day: 2, names: ["groundhog day"] },
  { label: "Valentine's Day", month: 2, day: 14, names: ["valentines day", "valentine day", "valentines", "st valentines day", "saint valentines day"] },
  { label: "St David's Day", month: 3, day: 1, names: ["st davids day", "saint davids day"] },
  { label: "International Women's Day", month: 3, day: 8, names: ["international womens day", "womens day"] },
  { label: "St Patrick's Day", month: 3, day: 17, names: ["st patricks day", "saint patricks day", "st patricks", "saint patricks", "patricks day", "st paddys day", "st pattys day"] },
  { label: "April Fools' Day", month: 4, day: 1, names: ["april fools day", "april fool day", "april fools"] },
  { label: "Earth Day", month: 4, day: 22, names: ["earth day"] },
  { label: "St George's Day", month: 4, day: 23, names: ["st georges day", "saint georges day"] },
  { label: "Anzac Day", month: 4, day: 25, names: ["anzac day"] },
  { label: "May Day", month: 5, day: 1, names: ["may day"] },
  { label: "Cinco de Mayo", month: 5, day: 5, names: ["cinco de mayo"] },
  { label: "Juneteenth", month: 6, day: 19, names: ["juneteenth"] },
  { label: "Canada Day", month: 7, day: 1, names: ["canada day"] },
  // The United States' (other countries' independence days fall on other dates: say the date).
  { label: "Independence Day", month: 7, day: 4, names: ["independence day"] },
  { label: "Bastille Day", month: 7, day: 14, names: ["bastille day"] },
  { label: "Halloween", month: 10, day: 31, names: ["halloween"] },
  { label: "All Saints' Day", month: 11, day: 1, names: ["all saints day"] },
  { label: "Guy Fawkes Night", month: 11, day: 5, names: ["guy fawkes night", "guy fawkes day", "bonfire night"] },
  { label: "Veterans Day", month: 11, day: 11, names: ["veterans day", "armistice day", "remembrance day"] },
  { label: "St Andrew's Day", month: 11, day: 30, names: ["st andrews day", "saint andrews day"] },
  { label: "Christmas Eve", month: 12, day: 24, names: ["christmas eve", "xmas eve"] },
  { label: "Christmas", month: 12, day: 25, names: ["christmas day", "christmas", "xmas day", "xmas", "x-mas"] },
  { label: "Boxing Day", month: 12, day: 26, names: ["boxing day"] },
  { label: "New Year's Eve", month: 12, day: 31, names: ["new years eve", "new year eve", "hogmanay"] },
];

const EASTER = "the Sunday after the first full moon of spring, between March 22 and April 25";

const MOVABLE: readonly Movable[] = [
  { label: "Easter", rule: EASTER, example: "April 5", names: ["easter sunday", "easter day", "easter"] },
  { label: "Easter Monday", rule: "the day after Easter, which is the Sunday after the first full moon of spring", example: "April 6", names: ["easter monday"] },
  { label: "Good Friday", rule: "the Friday before Easter, which is the Sunday after the first full moon of spring", example: "April 3", names: ["good friday"] },
  { label: "Maundy Thursday", rule: "the Thursday before Easter", example: "April 2", names: ["maundy thursday", "holy thursday"] },
  { label: "Palm Sunday", rule: "the Sunday before Easter", example: "March 29", names: ["palm sunday"] },
  { label: "Ash Wednesday", rule: "46 days before Easter", example: "February 18", names: ["ash wednesday"] },
  { label: "Shrove Tuesday", rule: "47 days before Easter", example: "February 17", names: ["shrove tuesday", "pancake day", "mardi gras"] },
  { label: "Ascension Day", rule: "39 days after Easter", example: "May 14", names: ["ascension day", "ascension thursday"] },
  { label: "Pentecost", rule: "49 days after Easter", example: "May 24", names: ["pentecost", "whitsun", "whit sunday", "whitsunday"] },
  { label: "Whit Monday", rule: "the day after Pentecost, 50 days after Easter", example: "May 25", names: ["whit monday", "pentecost monday"] },
  { label: "Thanksgiving", rule: "the fourth Thursday of November in the US, the second Monday of October in Canada", example: "November 26", names: ["thanksgiving day", "thanksgiving"] },
  { label: "Black Friday", rule: "the day after US Thanksgiving, the fourth Thursday of November", example: "November 27", names: ["black friday"] },
  { label: "Cyber Monday", rule: "the Monday after US Thanksgiving", example: "November 30", names: ["cyber monday"] },
  { label: "Labor Day", rule: "the first Monday of September in the US and Canada; where Labour Day is May 1, say \"on May 1st\"", example: "September 7", names: ["labor day", "labour day"] },
  { label: "Memorial Day", rule: "the last Monday of May", example: "May 25", names: ["memorial day"] },
  { label: "Mother's Day", rule: "the second Sunday of May in the US, three Sundays before Easter in the UK", example: "May 10", names: ["mothers day", "mother day", "mothering sunday"] },
  { label: "Father's Day", rule: "the third Sunday of June in the US and the UK", example: "June 21", names: ["fathers day", "father day"] },
  { label: "Martin Luther King Jr. Day", rule: "the third Monday of January", example: "January 19", names: ["martin luther king jr day", "martin luther king day", "mlk jr day", "mlk day"] },
  { label: "Presidents' Day", rule: "the third Monday of February", example: "February 16", names: ["presidents day", "president day", "washingtons birthday"] },
  { label: "Columbus Day", rule: "the second Monday of October", example: "October 12", names: ["columbus day", "indigenous peoples day"] },
  { label: "Election Day", rule: "the Tuesday after the first Monday of November", example: "November 3", names: ["election day"] },
  { label: "Victoria Day", rule: "the last Monday before May 25", example: "May 18", names: ["victoria day"] },
  { label: "Lunar New Year", rule: "the second new moon after the winter solstice, in the Chinese calendar", example: "February 17", names: ["chinese new year", "lunar new year", "spring festival"] },
  { label: "Diwali", rule: "a new moon of the Hindu calendar, in October or November", example: "November 8", names: ["diwali", "deepavali"] },
  { label: "Passover", rule: "the 15th of Nisan in the Hebrew calendar", example: "April 2", names: ["passover", "pesach"] },
  { label: "Rosh Hashanah", rule: "the 1st of Tishrei in the Hebrew calendar", example: "September 12", names: ["rosh hashanah", "rosh hashana"] },
  { label: "Yom Kippur", rule: "the 10th of Tishrei in the Hebrew calendar", example: "September 21", names: ["yom kippur"] },
  { label: "Hanukkah", rule: "the 25th of Kislev in the Hebrew calendar", example: "December 5", names: ["hanukkah", "chanukah", "hanukah"] },
  { label: "Ramadan", rule: "the 9th month of the Islamic calendar, about 11 days earlier each year", example: "February 18", names: ["ramadan"] },
  { label: "Eid al-Fitr", rule: "the 1st of Shawwal in the Islamic calendar, about 11 days earlier each year", example: "March 20", names: ["eid al-fitr", "eid al fitr", "eid ul fitr", "eid-ul-fitr", "eid"] },
  { label: "Eid al-Adha", rule: "the 10th of Dhu al-Hijjah in the Islamic calendar, about 11 days earlier each year", example: "May 27", names: ["eid al-adha", "eid al adha", "eid ul adha", "eid-ul-adha"] },
];

/** Index after the words of `name` at `i` ("." and "'" may sit between them), or -1. */
function matchName(ts: Tokens, i: number, name: string): number {
  let j = i;
  for (const [k, word] of name.split(" ").entries()) {
    if (k > 0) j = skip(ts, j, ".", "'", "’");
    const t = ts[j];
    if (t?.kind !== "word" || t.text !== word) return -1;
    j++;
  }
  // "April Fools'": a closing apostrophe belongs to the name
  return isPunct(ts, j, "'", "’") && ts[j].start === ts[j - 1].end ? j + 1 : j;
}

/** The longest holiday name at `i`, of either table. */
function longest<T extends { names: readonly string[] }>(table: readonly T[], ts: Tokens, i: number): { entry: T; end: number } | null {
  let best: { entry: T; end: number } | null = null;
  for (const entry of table) {
    for (const name of entry.names) {
      const end = matchName(ts, i, name);
      if (end > 0 && (!best || end > best.end)) best = { entry, end };
    }
  }
  return best;
}

/** "on Christmas", "every Halloween", "New Year's Eve", "St. Patrick's Day"; movable ones are refused. */
export function recogniseHoliday(ts: Tokens, i: number): Match | null {
  const j = skip(ts, i, "on", "every", "each", "the");
  const fixed = longest(FIXED, ts, j);
  const movable = longest(MOVABLE, ts, j);
  if (movable && (!fixed || movable.end > fixed.end)) {
    const { label, rule, example } = movable.entry;
    return {
      end: movable.end,
      clauses: [
        refuse(
          `"${label}" is not expressible in 5-field cron: its date moves from year to year (${rule}), and cron repeats fixed dates only`,
          `the date instead, e.g. "on ${example} at 9am" (${label} 2026), changed each year`,
        ),
      ],
    };
  }
  if (!fixed) return null;
  return { end: fixed.end, clauses: [{ kind: "date", month: fixed.entry.month, day: fixed.entry.day }] };
}

/** The tables themselves, for the tests that walk every name. */
export const FIXED_HOLIDAYS: readonly Fixed[] = FIXED;
export const MOVABLE_HOLIDAYS: readonly Movable[] = MOVABLE;
