import type { Metadata } from "next";
import { Brand } from "@/components/layout/Brand";
import { InvitationAnswer } from "@/components/teams/InvitationAnswer";
import { InvitationSignInFirst } from "@/components/teams/InvitationSignInFirst";
import { InvitationUnusable } from "@/components/teams/InvitationUnusable";
import { currentUser } from "@/lib/auth/current-user";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { describeInvitation, invitationPath } from "@/lib/teams/invitations";

// The session and the invitation are read per request.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Invitation" };

/** Longer than any token the server makes (lib/validation/teams.ts caps accepts at 200 too). */
const MAX_TOKEN_LENGTH = 200;

// GET /invitations/[token]: the link an invitation gives; signed out, it offers sign-in or
// registration first and comes back here.
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = token.length <= MAX_TOKEN_LENGTH ? await describeInvitation(await getDb(), token) : null;
  const user = invitation?.state === "pending" ? await currentUser() : null;
  const { ALLOW_REGISTRATION, PASSWORD_LOGIN } = env();
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 flex flex-col items-center gap-2 text-center">
          <Brand />
          <p className="text-sm text-zinc-500 dark:text-zinc-400">Self-hosted cron scheduling</p>
        </div>
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-zinc-200 sm:p-8 dark:bg-zinc-900 dark:ring-white/10">
          {!invitation ? (
            <InvitationUnusable state="unknown" />
          ) : invitation.state !== "pending" ? (
            <InvitationUnusable state={invitation.state} teamName={invitation.teamName} />
          ) : user ? (
            <InvitationAnswer token={token} invitation={invitation} user={user} />
          ) : (
            <InvitationSignInFirst invitation={invitation} returnTo={invitationPath(token)} canRegister={ALLOW_REGISTRATION && PASSWORD_LOGIN} />
          )}
        </div>
      </div>
    </main>
  );
}
