import Link from "next/link";

const MESSAGES = {
  unknown: "This invitation link is not valid. Check that you copied all of it, or ask for a new one.",
  accepted: "This invitation has already been used. Ask whoever invited you for a new one if you still need to join.",
  revoked: "This invitation was withdrawn. Ask whoever invited you for a new one.",
  expired: "This invitation has expired. Ask whoever invited you for a new one.",
} as const;

/** An invitation that cannot be accepted, and why. */
export function InvitationUnusable({ state, teamName }: { state: keyof typeof MESSAGES; teamName?: string }) {
  return (
    <>
      <h1 className="text-xl font-semibold tracking-tight text-zinc-900 dark:text-white">{teamName ? `Invitation to ${teamName}` : "Invitation"}</h1>
      <p role="alert" className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {MESSAGES[state]}
      </p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline dark:text-brand-500">
        Go to Almanac
      </Link>
    </>
  );
}
