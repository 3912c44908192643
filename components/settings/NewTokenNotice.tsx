"use client";

import { useEffect, useRef } from "react";
import { KeyRound } from "lucide-react";
import { Button } from "../ui/Button";
import { CopyButton } from "../ui/CopyButton";
import type { CreatedApiToken } from "./types";

/** The freshly created token, shown this once; focus moves here so screen readers announce it. */
export function NewTokenNotice({ token, onDismiss }: { token: CreatedApiToken; onDismiss: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [token.id]);

  return (
    <section
      ref={ref}
      tabIndex={-1}
      aria-labelledby="new-token-title"
      className="rounded-xl border border-brand-500/40 bg-brand-50 p-5 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 dark:border-brand-500/40 dark:bg-brand-500/10"
    >
      <div className="flex items-start gap-3">
        <KeyRound aria-hidden className="mt-0.5 size-5 shrink-0 text-brand-600 dark:text-brand-500" />
        <div className="min-w-0 flex-1 space-y-3">
          <div>
            <h3 id="new-token-title" className="font-semibold text-zinc-900 dark:text-white">
              Token “{token.name}” created
            </h3>
            <p className="mt-0.5 text-sm font-medium text-zinc-700 dark:text-zinc-300">Copy this token now: it won&apos;t be shown again</p>
          </div>
          <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              className="min-w-0 flex-1 select-all break-all rounded-lg bg-white px-3 py-2 font-mono text-sm text-zinc-900 ring-1 ring-zinc-300 dark:bg-zinc-950 dark:text-zinc-100 dark:ring-zinc-700"
            >
              {token.token}
            </code>
            <CopyButton value={token.token} size="md" />
          </div>
          <Button variant="ghost" size="sm" onClick={onDismiss} className="-ml-2.5">
            I&apos;ve saved it, hide the token
          </Button>
        </div>
      </div>
    </section>
  );
}
