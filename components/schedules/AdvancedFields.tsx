"use client";

import { useId } from "react";
import { ChevronRight } from "@/components/ui/icons";
import { SelectField, TextField } from "../ui/Field";
import { cn } from "../ui/cn";
import type { FormValues, MisfirePolicy, OverlapPolicy } from "./form-values";

export const ADVANCED_FIELDS = ["overlapPolicy", "misfirePolicy", "timeoutSeconds", "maxRetries", "retryDelaySeconds"] as const;

type Props = {
  idPrefix: string;
  values: FormValues;
  onChange: (changes: Partial<FormValues>) => void;
  errors: Record<string, string | undefined>;
  open: boolean;
  onToggle: () => void;
};

/** Overlap and misfire policies, timeout and retries, behind a disclosure: the defaults suit most schedules. */
export function AdvancedFields({ idPrefix, values, onChange, errors, open, onToggle }: Props) {
  const panelId = useId();
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="rounded-lg ring-1 ring-zinc-200 dark:ring-white/10">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={onToggle}
        className="flex w-full items-center gap-1.5 rounded-lg px-3 py-2.5 text-left text-sm font-medium text-zinc-800 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-zinc-200 dark:hover:bg-zinc-800/50"
      >
        <ChevronRight aria-hidden className={cn("size-4 transition-transform motion-reduce:transition-none", open && "rotate-90")} />
        Advanced
        <span className="font-normal text-zinc-500 dark:text-zinc-400">: overlap, missed runs, timeout, retries</span>
      </button>
      <div id={panelId} hidden={!open} className="grid gap-4 border-t border-zinc-200 p-3 sm:grid-cols-2 dark:border-white/10">
        <SelectField
          id={id("overlap")}
          label="If the previous run is still going"
          value={values.overlapPolicy}
          onChange={(e) => onChange({ overlapPolicy: e.target.value as OverlapPolicy })}
          error={errors.overlapPolicy}
        >
          <option value="skip">Skip this run</option>
          <option value="allow">Run anyway, in parallel</option>
        </SelectField>
        <SelectField
          id={id("misfire")}
          label="After downtime"
          value={values.misfirePolicy}
          onChange={(e) => onChange({ misfirePolicy: e.target.value as MisfirePolicy })}
          error={errors.misfirePolicy}
        >
          <option value="run_once">Run the latest missed slot once</option>
          <option value="skip">Skip missed slots</option>
        </SelectField>
        <TextField
          id={id("timeout")}
          label="Timeout (seconds)"
          type="number"
          inputMode="numeric"
          min={1}
          max={86400}
          value={values.timeoutSeconds}
          onChange={(e) => onChange({ timeoutSeconds: e.target.value })}
          error={errors.timeoutSeconds}
        />
        <TextField
          id={id("retries")}
          label="Max retries"
          type="number"
          inputMode="numeric"
          min={0}
          max={10}
          value={values.maxRetries}
          onChange={(e) => onChange({ maxRetries: e.target.value })}
          hint="0 to 10 retries after a failed run."
          error={errors.maxRetries}
        />
        <TextField
          id={id("retry-delay")}
          label="Retry delay (seconds)"
          type="number"
          inputMode="numeric"
          min={1}
          max={86400}
          value={values.retryDelaySeconds}
          onChange={(e) => onChange({ retryDelaySeconds: e.target.value })}
          error={errors.retryDelaySeconds}
        />
      </div>
    </div>
  );
}
