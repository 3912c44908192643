import type { Metadata } from "next";
import { ApiTokens } from "@/components/settings/ApiTokens";
import { requirePageUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "API tokens" };

export default async function SettingsPage() {
  await requirePageUser();
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-zinc-900 dark:text-white">API tokens</h1>
        <p className="mt-1 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
          Long-lived tokens for scripts, CI and other tools. Only a hash is stored, so a token is shown once, when you create it.
        </p>
      </header>
      <ApiTokens />
    </div>
  );
}
