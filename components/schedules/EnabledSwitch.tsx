"use client";

import { cn } from "../ui/cn";

type Props = { checked: boolean; label: string; onChange: (next: boolean) => void; disabled?: boolean; /** Why it is disabled, when a role forbids it. */ title?: string };

/** An on/off switch: a button with role="switch", so screen readers say "on" or "off". */
export function EnabledSwitch({ checked, label, onChange, disabled, title }: Props) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      title={title}
      onClick={() => onChange(!checked)}
      className={cn(
        "relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-60",
        checked ? "bg-brand-600" : "bg-zinc-300 dark:bg-zinc-700",
      )}
    >
      <span
        aria-hidden
        className={cn("inline-block size-5 rounded-full bg-white shadow transition-transform motion-reduce:transition-none", checked ? "translate-x-5.5" : "translate-x-0.5")}
      />
    </button>
  );
}
