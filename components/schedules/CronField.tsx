"use client";

import { useEffect, useState } from "react";
import { LoaderCircle } from "@/components/ui/icons";
import { ApiRequestError, api, errorMessage, type CronDescription } from "@/lib/api";
import { sentence } from "@/lib/api-fetch";
import { cn } from "../ui/cn";
import { FieldLabel, describedBy, inputClasses } from "./FieldParts";
import { formatRunTime } from "../format/time";
import { useDebounced } from "./use-debounced";

const PREVIEW_DELAY_MS = 300;

type Preview = { status: "idle" | "loading" } | { status: "ok"; description: CronDescription; timezone: string } | { status: "invalid"; message: string };

type Props = { id: string; value: string; timezone: string; onChange: (value: string) => void; error?: string };

/** The cron expression, with what it means and its next 5 runs previewed while typing. */
export function CronField({ id, value, timezone, onChange, error }: Props) {
  const expression = useDebounced(value.trim(), PREVIEW_DELAY_MS);
  const [preview, setPreview] = useState<Preview>({ status: "idle" });

  useEffect(() => {
    if (!expression) {
      setPreview({ status: "idle" });
      return;
    }
    const controller = new AbortController();
    setPreview((p) => (p.status === "ok" ? p : { status: "loading" }));
    api.cron
      .describe(expression, { timezone, count: 5 }, controller.signal)
      .then((description) => setPreview({ status: "ok", description, timezone }))
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        // A 400 carries the validator's own words for the expression; anything else is not about it.
        const fields = err instanceof ApiRequestError ? err.fields : undefined;
        if (fields && !fields.expression) setPreview({ status: "idle" });
        else setPreview({ status: "invalid", message: sentence(fields?.expression ?? errorMessage(err)) });
      });
    return () => controller.abort();
  }, [expression, timezone]);

  // A message from submitting wins over the live one; a stale preview never shows for a newer value.
  const settled = expression === value.trim();
  const shownError = error ?? (settled && preview.status === "invalid" ? preview.message : undefined);
  const previewId = `${id}-preview`;

  return (
    <div className="space-y-1.5">
      <FieldLabel htmlFor={id} required>
        Cron expression
      </FieldLabel>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder="0 9 * * 1-5"
        autoComplete="off"
        spellCheck={false}
        aria-required
        aria-invalid={shownError ? true : undefined}
        aria-describedby={cn(describedBy(id, true, shownError), previewId)}
        className={cn(inputClasses(Boolean(shownError)), "h-10 font-mono")}
      />
      {shownError ? (
        <p id={`${id}-error`} className="text-sm text-red-600 dark:text-red-400">
          {shownError}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          minute hour day-of-month month day-of-week, or a macro such as @daily
        </p>
      )}
      <div id={previewId} aria-live="polite" className="text-sm">
        {preview.status === "loading" && (
          <p className="flex items-center gap-1.5 text-zinc-500 dark:text-zinc-400">
            <LoaderCircle aria-hidden className="size-3.5 animate-spin motion-reduce:animate-none" />
            Checking…
          </p>
        )}
        {preview.status === "ok" && settled && !error && (
          <div className="rounded-lg bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200 dark:bg-zinc-800/50 dark:ring-white/10">
            <p className="font-medium text-zinc-900 dark:text-white">{preview.description.cronHuman}</p>
            {preview.description.nextRuns.length > 0 && (
              <>
                <p className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">Next runs ({preview.timezone})</p>
                <ol className="mt-0.5 grid gap-x-4 text-xs text-zinc-700 sm:grid-cols-2 dark:text-zinc-300">
                  {preview.description.nextRuns.map((run) => (
                    <li key={run}>
                      <time dateTime={run}>{formatRunTime(run, preview.timezone)}</time>
                    </li>
                  ))}
                </ol>
              </>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
