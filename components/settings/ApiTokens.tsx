"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { KeyRound, RefreshCw } from "@/components/ui/icons";
import { apiFetch, errorMessage } from "@/lib/api-fetch";
import { ErrorAlert } from "../ui/Alert";
import { Button } from "../ui/Button";
import { Card, CardBody, CardHeader } from "../ui/Card";
import { CreateTokenForm } from "./CreateTokenForm";
import { NewTokenNotice } from "./NewTokenNotice";
import { RevokeTokenDialog } from "./RevokeTokenDialog";
import { TokenList } from "./TokenList";
import type { ApiTokenInfo, CreatedApiToken } from "./types";

type ListState = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; tokens: ApiTokenInfo[] };

export function ApiTokens() {
  const [list, setList] = useState<ListState>({ status: "loading" });
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);
  const [notice, setNotice] = useState("");
  const listHeading = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    setList({ status: "loading" });
    try {
      const { items } = await apiFetch<{ items: ApiTokenInfo[] }>("/api/v1/tokens", { signal });
      setList({ status: "ready", tokens: items });
    } catch (err) {
      if (!signal?.aborted) setList({ status: "error", message: errorMessage(err) });
    }
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  function onCreated(token: CreatedApiToken) {
    setCreated(token);
    setNotice("");
    const { token: _secret, ...info } = token; // the list never holds the secret
    setList((prev) => (prev.status === "ready" ? { status: "ready", tokens: [info, ...prev.tokens] } : prev));
  }

  function onRevoked(token: ApiTokenInfo) {
    setRevoking(null);
    setList((prev) => (prev.status === "ready" ? { status: "ready", tokens: prev.tokens.filter((t) => t.id !== token.id) } : prev));
    if (created?.id === token.id) setCreated(null);
    setNotice(`Token “${token.name}” revoked.`);
    // Its Revoke button is gone; put focus somewhere sensible once the dialog has closed.
    requestAnimationFrame(() => listHeading.current?.focus());
  }

  return (
    <div className="space-y-6">
      <Card aria-labelledby="create-token-title">
        <CardHeader
          titleId="create-token-title"
          title="Create a token"
          description="Tokens act as you on the REST API. Send one as “Authorization: Bearer <token>”."
          icon={<KeyRound aria-hidden className="size-4" />}
        />
        <CardBody>
          <CreateTokenForm onCreated={onCreated} />
        </CardBody>
      </Card>

      {created && <NewTokenNotice token={created} onDismiss={() => setCreated(null)} />}

      <Card aria-labelledby="token-list-title">
        <div className="flex items-center justify-between gap-3 border-b border-zinc-200 px-5 py-4 dark:border-white/10">
          <h2 id="token-list-title" ref={listHeading} tabIndex={-1} className="text-base font-semibold text-zinc-900 focus:outline-none dark:text-white">
            Your tokens
          </h2>
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            {notice}
          </p>
        </div>
        <TokenListBody list={list} onRetry={() => void load()} onRevoke={setRevoking} />
      </Card>

      <RevokeTokenDialog token={revoking} onCancel={() => setRevoking(null)} onRevoked={onRevoked} />
    </div>
  );
}

function TokenListBody({ list, onRetry, onRevoke }: { list: ListState; onRetry: () => void; onRevoke: (token: ApiTokenInfo) => void }) {
  if (list.status === "loading") {
    return (
      <div role="status" className="space-y-3 px-5 py-5">
        <span className="sr-only">Loading tokens…</span>
        {[0, 1].map((i) => (
          <div key={i} className="animate-pulse space-y-2 motion-reduce:animate-none">
            <div className="h-4 w-40 rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="h-3 w-64 max-w-full rounded bg-zinc-100 dark:bg-zinc-800/60" />
          </div>
        ))}
      </div>
    );
  }
  if (list.status === "error") {
    return (
      <CardBody>
        <ErrorAlert
          action={
            <Button variant="secondary" size="sm" onClick={onRetry}>
              <RefreshCw aria-hidden className="size-4" />
              Try again
            </Button>
          }
        >
          <p className="font-medium">Could not load your tokens.</p>
          <p className="mt-0.5">{list.message}</p>
        </ErrorAlert>
      </CardBody>
    );
  }
  if (list.tokens.length === 0) {
    return (
      <div className="px-5 py-10 text-center">
        <KeyRound aria-hidden className="mx-auto size-8 text-zinc-300 dark:text-zinc-600" />
        <p className="mt-3 font-medium text-zinc-900 dark:text-white">No API tokens yet</p>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Create one above to call the API from scripts and CI.</p>
      </div>
    );
  }
  return <TokenList tokens={list.tokens} onRevoke={onRevoke} />;
}
