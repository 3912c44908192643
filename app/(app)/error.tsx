"use client";

import { useEffect } from "react";
import { Button } from "@/components/ui/Button";
import { ErrorAlert } from "@/components/ui/Alert";

export default function SignedInError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">Something went wrong</h1>
      <ErrorAlert action={<Button size="sm" variant="secondary" onClick={() => retry()}>Try again</Button>}>
        This page could not be loaded. If it keeps happening, check that the database is reachable and see the server log.
      </ErrorAlert>
    </div>
  );
}
