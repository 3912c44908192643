import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "@/components/auth/LoginForm";
import { loginPageErrorMessage } from "@/components/auth/sign-in";
import { oidcSettings } from "@/lib/auth/oidc/settings";
import { env } from "@/lib/env";

// Reads the session and the sign-in settings at request time, never at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{ [key: string]: string | string[] | undefined }>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // Registering from here keeps where the visitor was going (an invitation link, a deep link).
  const callbackUrl = first(params.callbackUrl);
  const { PASSWORD_LOGIN, ALLOW_REGISTRATION } = env();
  const ssoName = oidcSettings()?.name;
  return (
    <>
      <h1 className="mb-6 text-xl font-semibold tracking-tight text-zinc-900 dark:text-white">Sign in to Almanac</h1>
      <LoginForm
        callbackUrl={first(params.callbackUrl)}
        initialError={loginPageErrorMessage(first(params.error), ssoName)}
        passwordLogin={PASSWORD_LOGIN}
        ssoName={ssoName}
      />
      {/* Without passwords, an account is made by the first single sign-on: nothing to register. */}
      {ALLOW_REGISTRATION && PASSWORD_LOGIN && (
        <p className="mt-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
          New here?{" "}
          <Link href={callbackUrl ? `/register?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/register"} className="font-medium text-brand-600 hover:underline dark:text-brand-500">
            Create an account
          </Link>
        </p>
      )}
    </>
  );
}
