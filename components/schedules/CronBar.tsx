"use client";

import { useState, type FormEvent, type ReactNode } from "react";
import { MessageSquare, Plus, Sparkles } from "@/components/ui/icons";
import { api, errorMessage, type ScheduleDraft, type ScheduleInput } from "@/lib/api";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card } from "../ui/Card";
import { cn } from "../ui/cn";
import { inputClasses } from "./FieldParts";
import { formatRunTime } from "../format/time";

type Props = {
  /** Opens the create form filled in with what was understood. */
  onCreate: (draft: Partial<ScheduleInput>) => void;
  /** Hands the text to the chat assistant; the button shows only when given. */
  onAskAssistant?: (text: string) => void;
  id?: string;
};

type Result = { status: "idle" } | { status: "parsed"; draft: ScheduleDraft } | { status: "refused"; message: string };

/** "@cron every weekday at 9am": plain words to a schedule, previewed before anything is created. */
export function CronBar({ onCreate, onAskAssistant, id = "cron-bar" }: Props) {
  const [text, setText] = useState("");
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<Result>({ status: "idle" });
  const inputId = `${id}-input`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const words = text.trim();
    if (!words) return;
    setPending(true);
    try {
      setResult({ status: "parsed", draft: await api.cron.parse(words) });
    } catch (err) {
      // A 400's message is the parser's reason ("I could not find a time in …").
      setResult({ status: "refused", message: errorMessage(err) });
    } finally {
      setPending(false);
    }
  }

  return (
    <Card id={id} aria-labelledby={`${id}-title`} className="p-4 sm:p-5">
      <form onSubmit={onSubmit}>
        <h2 id={`${id}-title`} className="flex items-center gap-2 text-sm font-semibold text-zinc-900 dark:text-white">
          <Sparkles aria-hidden className="size-4 text-brand-600 dark:text-brand-500" />
          <label htmlFor={inputId}>Describe a schedule in words</label>
        </h2>
        <div className="mt-2 flex flex-col gap-2 sm:flex-row">
          <input
            id={inputId}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="@cron run nightly backup at midnight"
            maxLength={500}
            autoComplete="off"
            aria-describedby={`${id}-hint`}
            className={cn(inputClasses(false), "h-10 w-full min-w-0 sm:flex-1")}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" variant="secondary" pending={pending} disabled={!text.trim()}>
              Understand
            </Button>
            {onAskAssistant && (
              <Button variant="ghost" onClick={() => onAskAssistant(text.trim())}>
                <MessageSquare aria-hidden className="size-4" />
                Ask the assistant
              </Button>
            )}
          </div>
        </div>
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-zinc-500 dark:text-zinc-400">
          For example “every weekday at 9am” or “@cron run nightly backup at midnight”.
        </p>
      </form>

      <div aria-live="polite">
        {result.status === "refused" && <ErrorAlert className="mt-3">{result.message}</ErrorAlert>}
        {result.status === "parsed" && <ParsedDraft draft={result.draft} onCreate={() => onCreate({ name: result.draft.name ?? "", cronExpression: result.draft.cronExpression, timezone: result.draft.timezone })} />}
      </div>
    </Card>
  );
}

function ParsedDraft({ draft, onCreate }: { draft: ScheduleDraft; onCreate: () => void }) {
  return (
    <div className="mt-3 rounded-lg bg-zinc-50 p-3 ring-1 ring-zinc-200 dark:bg-zinc-800/50 dark:ring-white/10">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {draft.name && <Item label="Name">{draft.name}</Item>}
        <Item label="Schedule">
          {draft.cronHuman} <code className="ml-1 rounded bg-white px-1.5 py-0.5 font-mono text-xs ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-white/10">{draft.cronExpression}</code>
        </Item>
        <Item label="Time zone">{draft.timezone}</Item>
        <Item label="Next runs">
          <ol className="text-xs">
            {draft.nextRuns.map((run) => (
              <li key={run}>
                <time dateTime={run}>{formatRunTime(run, draft.timezone)}</time>
              </li>
            ))}
          </ol>
        </Item>
      </dl>
      <Button size="sm" className="mt-3" onClick={onCreate}>
        <Plus aria-hidden className="size-4" />
        Create this schedule
      </Button>
    </div>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}
