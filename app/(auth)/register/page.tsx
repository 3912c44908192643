import type { Metadata } from "next";
import Link from "next/link";
import { RegisterForm } from "@/components/auth/RegisterForm";
import { env } from "@/lib/env";

// Reads the session and the sign-in settings at request time, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Create account" };

const linkClass = "font-medium text-brand-600 hover:underline dark:text-brand-500";

type SearchParams = Promise<{ [key: string]: string | string[] | undefined }>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function RegisterPage({ searchParams }: { searchParams: SearchParams }) {
  const { ALLOW_REGISTRATION, PASSWORD_LOGIN, OIDC_NAME } = env();
  // An invitation link sends newcomers here and expects them back (the form checks it is this site's).
  const callbackUrl = first((await searchParams).callbackUrl);
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold tracking-tight text-zinc-900 dark:text-white">Create your Almanac account</h1>
      {!ALLOW_REGISTRATION ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Registration is turned off on this server. Ask its administrator for an account.
        </p>
      ) : !PASSWORD_LOGIN ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Password sign-in is turned off on this server: your account is created when you first sign in with {OIDC_NAME}.
        </p>
      ) : (
        <RegisterForm callbackUrl={callbackUrl} />
      )}
      <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
        Already have an account?{" "}
        <Link href={callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login"} className={linkClass}>
          Sign in
        </Link>
      </p>
    </>
  );
}
