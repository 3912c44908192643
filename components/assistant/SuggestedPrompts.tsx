import { Sparkles } from "@/components/ui/icons";

export const SUGGESTED_PROMPTS = ["@cron run nightly backup at midnight", "what's scheduled?", "pause nightly backup", "when does nightly backup run next?"];

/** What an empty conversation offers: a short introduction and prompts that send at a click. */
export function SuggestedPrompts({ onPick, disabled }: { onPick: (prompt: string) => void; disabled: boolean }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Create, list, change, pause and delete schedules in plain words. Deleting always asks you first.
      </p>
      <p id="assistant-suggestions" className="text-xs font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400">
        Try
      </p>
      <ul aria-labelledby="assistant-suggestions" className="flex flex-wrap gap-2">
        {SUGGESTED_PROMPTS.map((prompt) => (
          <li key={prompt}>
            <button
              type="button"
              onClick={() => onPick(prompt)}
              disabled={disabled}
              className="inline-flex items-center gap-1.5 rounded-full bg-white px-3 py-1.5 text-left text-sm text-zinc-800 ring-1 ring-inset ring-zinc-300 transition-colors hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-zinc-900 dark:text-zinc-200 dark:ring-zinc-700 dark:hover:bg-zinc-800"
            >
              <Sparkles aria-hidden className="size-3.5 shrink-0 text-brand-600 dark:text-brand-500" />
              {prompt}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
