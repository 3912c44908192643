"use client";

import type { ReactNode } from "react";
import { formatDate, formatDateTime, formatRelative } from "../format/time";
import { Button } from "../ui/Button";
import type { ApiTokenInfo } from "./types";

export function TokenList({ tokens, onRevoke }: { tokens: ApiTokenInfo[]; onRevoke: (token: ApiTokenInfo) => void }) {
  const now = new Date();
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-white/10">
      {tokens.map((token) => {
        const expired = token.expiresAt !== null && new Date(token.expiresAt) <= now;
        return (
          <li key={token.id} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:items-center sm:gap-4">
            <div className="min-w-0 flex-1">
              <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <p className="truncate font-medium text-zinc-900 dark:text-white">{token.name}</p>
                <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                  {token.prefix}…
                </code>
                {expired && (
                  <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800 dark:bg-amber-500/15 dark:text-amber-300">
                    Expired
                  </span>
                )}
              </div>
              <dl className="mt-1.5 flex flex-wrap gap-x-5 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
                <Meta label="Created">
                  <Time value={token.createdAt} text={formatDate(token.createdAt)} />
                </Meta>
                <Meta label="Last used">{token.lastUsedAt ? <Time value={token.lastUsedAt} text={formatRelative(token.lastUsedAt, now)} /> : "never"}</Meta>
                <Meta label={expired ? "Expired" : "Expires"}>
                  {token.expiresAt ? <Time value={token.expiresAt} text={formatDate(token.expiresAt)} /> : "never"}
                </Meta>
              </dl>
            </div>
            <Button variant="secondary" size="sm" onClick={() => onRevoke(token)} className="self-start sm:self-center">
              Revoke<span className="sr-only"> {token.name}</span>
            </Button>
          </li>
        );
      })}
    </ul>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex gap-1">
      <dt>{label}</dt>
      <dd className="text-zinc-700 dark:text-zinc-300">{children}</dd>
    </div>
  );
}

function Time({ value, text }: { value: string; text: string }) {
  return (
    <time dateTime={value} title={formatDateTime(value)}>
      {text}
    </time>
  );
}
