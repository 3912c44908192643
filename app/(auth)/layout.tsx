import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { Brand } from "@/components/layout/Brand";
import { currentUser } from "@/lib/auth/current-user";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  if (await currentUser()) redirect("/");

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-2 text-center">
          <Brand />
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Self-hosted cron scheduling</p>
        </div>
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8 dark:bg-zinc-900 dark:ring-white/10">{children}</div>
      </div>
    </main>
  );
}
