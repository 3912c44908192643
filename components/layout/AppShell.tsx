import type { ReactNode } from "react";
import type { PublicUser } from "@/lib/users/accounts";
import { AssistantProvider } from "../assistant/AssistantProvider";
import { WorkerBanner } from "../schedules/WorkerBanner";
import { ToastProvider } from "../ui/Toast";
import { TeamProvider, type TeamContextValue } from "../teams/TeamContext";
import { Sidebar } from "./Sidebar";

export function AppShell({ user, teams, children }: { user: PublicUser; teams: TeamContextValue; children: ReactNode }) {
  return (
    // Outermost: the assistant, the sidebar and the pages all act in the chosen team.
    <TeamProvider value={teams}>
      {/* Around the sidebar (its "Ask @cron" button) and the pages (which refresh after a change). */}
      <AssistantProvider>
        <div className="min-h-dvh md:flex">
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-[60] focus:rounded-lg focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:shadow-lg dark:focus:bg-zinc-900"
          >
            Skip to content
          </a>
          <Sidebar user={user} />
          <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
            <div className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6 md:py-10 lg:px-8">
              {/* On every signed-in page: without a worker nothing fires, whatever page one is on. */}
              <WorkerBanner />
              <ToastProvider>{children}</ToastProvider>
            </div>
          </main>
        </div>
      </AssistantProvider>
    </TeamProvider>
  );
}
