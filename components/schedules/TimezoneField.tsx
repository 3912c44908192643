"use client";

import { useEffect, useState } from "react";
import { MapPin } from "@/components/ui/icons";
import { cn } from "../ui/cn";
import { FieldLabel, FieldNote, describedBy, inputClasses } from "./FieldParts";
import { currentZoneName } from "@/lib/cron/zone-aliases";
import { browserTimezone } from "../format/time";

/**
 * Every IANA zone the browser knows, by its current name ("Asia/Kolkata", where Chromium lists
 * ICU's "Asia/Calcutta"), plus "UTC" (which some engines leave out of the list).
 */
function allTimezones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const current = new Set(zones.map(currentZoneName));
  current.delete("UTC");
  return ["UTC", ...[...current].sort()];
}

type Props = { id: string; value: string; onChange: (value: string) => void; error?: string };

/** A time zone: type to search the IANA list, or take the browser's zone in one click. */
export function TimezoneField({ id, value, onChange, error }: Props) {
  // Read in an effect: the server's list and zone are not the viewer's.
  const [zones, setZones] = useState<string[]>([]);
  const [mine, setMine] = useState<string | null>(null);
  useEffect(() => {
    setZones(allTimezones());
    setMine(browserTimezone());
  }, []);

  const listId = `${id}-options`;
  const hint = "Type to search, e.g. “Paris” or “New_York”.";
  return (
    <div className="space-y-1.5">
      <FieldLabel htmlFor={id} required>
        Time zone
      </FieldLabel>
      <input
        id={id}
        list={listId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onFocus={(e) => e.currentTarget.select()}
        autoComplete="off"
        spellCheck={false}
        aria-required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={cn(inputClasses(Boolean(error)), "h-10")}
      />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <FieldNote id={id} hint={hint} error={error} />
      {mine && mine !== value && (
        <button
          type="button"
          onClick={() => onChange(mine)}
          className="inline-flex items-center gap-1 rounded text-xs font-medium text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-brand-500"
        >
          <MapPin aria-hidden className="size-3.5" />
          Use my time zone ({mine})
        </button>
      )}
    </div>
  );
}
