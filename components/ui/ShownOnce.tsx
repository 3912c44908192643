"use client";

import { useEffect, useRef, type ReactNode } from "react";
import type { LucideIcon } from "@/components/ui/icons";
import { Button } from "./Button";
import { CopyButton } from "./CopyButton";

type Props = {
  /** Changes when a new value is shown: focus moves here again, so screen readers announce it. */
  id: string;
  icon: LucideIcon;
  title: ReactNode;
  explanation: ReactNode;
  /** The value the server shows this once (a token, an invitation link). */
  value: string;
  copyLabel?: string;
  dismissLabel: string;
  onDismiss: () => void;
  testId?: string;
};

/** A secret the server returns only once: shown with a copy button until dismissed. */
export function ShownOnce({ id, icon: Icon, title, explanation, value, copyLabel, dismissLabel, onDismiss, testId }: Props) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [id]);
  const titleId = `shown-once-${id}-title`;

  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby={titleId}
      className="rounded-xl border border-brand-500/40 bg-brand-50 p-5 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-brand-500/40 dark:bg-brand-500/10"
    >
      <div className="flex items-start gap-3">
        <Icon aria-hidden className="mt-0.5 size-5 shrink-0 text-brand-600 dark:text-brand-500" />
        <div className="min-w-0 flex-1 space-y-3">
          <div>
            <h3 id={titleId} className="font-semibold text-zinc-900 dark:text-white">
              {title}
            </h3>
            <p className="mt-0.5 text-sm text-zinc-700 dark:text-zinc-300">{explanation}</p>
          </div>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              data-testid={testId}
              className="min-w-0 flex-1 select-all break-all rounded-lg bg-white px-3 py-2 font-mono text-sm text-zinc-900 ring-1 ring-zinc-300 dark:bg-zinc-950 dark:text-zinc-100 dark:ring-zinc-700"
            >
              {value}
            </code>
            <CopyButton value={value} size="md" label={copyLabel} />
          </div>
          <Button variant="ghost" size="sm" onClick={onDismiss} className="-ml-2.5">
            {dismissLabel}
          </Button>
        </div>
      </div>
    </section>
  );
}
