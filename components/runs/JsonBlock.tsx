import { cn } from "../ui/cn";

/** JSON pretty-printed in a scrollable monospace block; plain strings are shown as they are. */
export function JsonBlock({ value, label, className }: { value: unknown; label?: string; className?: string }) {
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2) ?? "null";
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className={cn(
        "max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-lg bg-zinc-50 p-3 font-mono text-xs text-zinc-800 ring-1 ring-inset ring-zinc-200",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 dark:bg-zinc-950 dark:text-zinc-200 dark:ring-white/10",
        className,
      )}
    >
      {text}
    </pre>
  );
}
