"use client";

import { useId, useState } from "react";
import { api, errorMessage, type CrontabImportOut } from "@/lib/api";
import { browserTimezone, formatInZone } from "../format/time";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { Dialog } from "../ui/Dialog";
import { TextField } from "../ui/Field";
import { useToast } from "../ui/Toast";
import { cn } from "../ui/cn";

type Props = { open: boolean; teamId?: string; onClose: () => void; onImported: (count: number) => void };

type Row = { kind: "entry"; item: CrontabImportOut["preview"][number] } | { kind: "skipped"; item: CrontabImportOut["skipped"][number] };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * "Paste a crontab": the text, then a preview of every line (the schedule in words, the next run,
 * the job it becomes, or why it is not imported), then the chosen lines imported in one go.
 */
export function CrontabImportDialog({ open, teamId, onClose, onImported }: Props) {
  const toast = useToast();
  const ids = useId();
  const [content, setContent] = useState("");
  const [system, setSystem] = useState(false);
  const [timezone, setTimezone] = useState(() => browserTimezone() ?? "UTC");
  const [preview, setPreview] = useState<CrontabImportOut | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const [pending, setPending] = useState<"preview" | "import" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const request = { teamId, content, system, timezone: timezone.trim() || "UTC" };

  function edited(change: () => void) {
    change();
    // What is on screen no longer answers the text: preview again before importing.
    setPreview(null);
    setError(null);
  }

  async function runPreview() {
    setPending("preview");
    setError(null);
    try {
      const result = await api.schedules.importCrontab({ ...request, dryRun: true });
      setPreview(result);
      setChosen(new Set(result.preview.map((p) => p.line)));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(null);
    }
  }

  async function runImport() {
    setPending("import");
    setError(null);
    try {
      const result = await api.schedules.importCrontab({ ...request, lines: [...chosen].sort((a, b) => a - b) });
      toast.show(`Imported ${plural(result.imported.length, "schedule")}.`, "success");
      reset();
      onImported(result.imported.length);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(null);
    }
  }

  function reset() {
    setContent("");
    setPreview(null);
    setError(null);
  }

  function toggle(line: number, on: boolean) {
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(line);
      else next.delete(line);
      return next;
    });
  }

  const rows: Row[] = preview
    ? [...preview.preview.map((item) => ({ kind: "entry" as const, item })), ...preview.skipped.map((item) => ({ kind: "skipped" as const, item }))].sort((a, b) => a.item.line - b.item.line)
    : [];
  const overLimit = preview && preview.limit.existing + chosen.size > preview.limit.max;

  return (
    <Dialog
      open={open}
      wide
      dismissible={pending === null}
      onClose={onClose}
      title="Paste a crontab"
      description={<p>Each line becomes a shell schedule. Nothing is saved until you preview the lines and choose which to import.</p>}
    >
      <div className="space-y-4">
        <div className="space-y-1.5">
          <label htmlFor={`${ids}-content`} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            Crontab
          </label>
          <textarea
            id={`${ids}-content`}
            value={content}
            onChange={(e) => edited(() => setContent(e.target.value))}
            rows={8}
            spellCheck={false}
            placeholder={"# Nightly backup\n0 3 * * * /srv/backup.sh"}
            aria-describedby={`${ids}-content-hint`}
            className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 font-mono text-sm text-zinc-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/40 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100"
          />
          <p id={`${ids}-content-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
            As <code>crontab -l</code> prints it. A comment right above a line becomes its description and name.
          </p>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            id={`${ids}-timezone`}
            label="Time zone"
            value={timezone}
            onChange={(e) => edited(() => setTimezone(e.target.value))}
            hint="For lines before any CRON_TZ= line (cron uses its machine's zone)"
          />
          <Checkbox
            id={`${ids}-system`}
            className="sm:mt-7"
            label="System crontab"
            hint="/etc/crontab or /etc/cron.d: a user column before each command. Commands run as the worker's user, not that one."
            checked={system}
            onChange={(e) => edited(() => setSystem(e.target.checked))}
          />
        </div>

        {error && <ErrorAlert>{error}</ErrorAlert>}

        {preview && (
          <section aria-labelledby={`${ids}-preview`} className="space-y-2">
            <h3 id={`${ids}-preview`} className="text-sm font-semibold text-zinc-900 dark:text-white">
              Preview: {plural(preview.preview.length, "line")} to import, {plural(preview.skipped.length, "line")} not imported
            </h3>
            {rows.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No cron entries in this text.</p>
            ) : (
              <ul className="divide-y divide-zinc-200 rounded-lg ring-1 ring-zinc-200 dark:divide-white/10 dark:ring-white/10">
                {rows.map((row) => (
                  <li key={row.item.line} className="p-3">
                    {row.kind === "entry" ? <EntryRow item={row.item} checkboxId={`${ids}-line-${row.item.line}`} chosen={chosen.has(row.item.line)} onToggle={toggle} /> : <SkippedRow item={row.item} />}
                  </li>
                ))}
              </ul>
            )}
            {overLimit && (
              <p role="alert" className="text-sm text-red-600 dark:text-red-400">
                This team may have {preview.limit.max} schedules and has {preview.limit.existing}: choose at most {Math.max(0, preview.limit.max - preview.limit.existing)} lines.
              </p>
            )}
          </section>
        )}

        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="secondary" onClick={onClose} disabled={pending !== null}>
            Cancel
          </Button>
          <Button variant={preview ? "secondary" : "primary"} onClick={runPreview} pending={pending === "preview"} disabled={content.trim() === "" || pending !== null}>
            Preview
          </Button>
          {preview && (
            <Button onClick={runImport} pending={pending === "import"} disabled={chosen.size === 0 || Boolean(overLimit) || pending !== null}>
              Import {plural(chosen.size, "schedule")}
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function EntryRow({ item, checkboxId, chosen, onToggle }: { item: CrontabImportOut["preview"][number]; checkboxId: string; chosen: boolean; onToggle: (line: number, on: boolean) => void }) {
  return (
    <div className="space-y-1">
      <Checkbox id={checkboxId} label={`Line ${item.line}: ${item.name}`} checked={chosen} onChange={(e) => onToggle(item.line, e.target.checked)} />
      <dl className="ml-6.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-zinc-600 dark:text-zinc-400">
        <dt>When</dt>
        <dd>{item.cronHuman}</dd>
        <dt>Next run</dt>
        <dd>{item.nextRunAt ? <time dateTime={item.nextRunAt}>{formatInZone(item.nextRunAt, item.timezone)} {item.timezone}</time> : "never"}</dd>
        <dt>Runs</dt>
        <dd>
          shell: <code className="break-all">{item.payload.command}</code>
        </dd>
        {item.notes.map((note) => (
          <dd key={note} className="col-span-2 text-amber-700 dark:text-amber-400">
            Note: {note}
          </dd>
        ))}
      </dl>
    </div>
  );
}

function SkippedRow({ item }: { item: CrontabImportOut["skipped"][number] }) {
  return (
    <div className={cn("space-y-0.5 text-sm")}>
      <p className="font-medium text-zinc-800 dark:text-zinc-200">
        Line {item.line}: not imported
      </p>
      <p className="font-mono text-xs break-all text-zinc-500 dark:text-zinc-400">{item.text}</p>
      <p className="text-xs text-red-700 dark:text-red-400">{item.reason}</p>
    </div>
  );
}
