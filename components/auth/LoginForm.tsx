"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { credentialsSchema } from "@/lib/validation/auth";
import { Button } from "../ui/Button";
import { ErrorAlert } from "../ui/Alert";
import { TextField } from "../ui/Field";
import { EmailField } from "./EmailField";
import { SsoButton } from "./SsoButton";
import { zodFieldErrors } from "@/lib/api-fetch";
import { safeCallbackPath, signInErrorMessage } from "./sign-in";

type Fields = Partial<Record<"email" | "password", string>>;

type Props = {
  callbackUrl?: string;
  /** A message to show, already vetted (see loginPageErrorMessage), never raw `?error=` text. */
  initialError?: string;
  /** The email and password form; false with PASSWORD_LOGIN=false. */
  passwordLogin: boolean;
  /** The single sign-on button's provider name, when OIDC_* are set. */
  ssoName?: string;
};

export function LoginForm({ callbackUrl, initialError, passwordLogin, ssoName }: Props) {
  const [error, setError] = useState<string | null>(initialError ?? null);

  return (
    <div className="space-y-5">
      {error && (
        <div id="login-error">
          <ErrorAlert>{error}</ErrorAlert>
        </div>
      )}
      {ssoName && <SsoButton name={ssoName} callbackUrl={callbackUrl} variant={passwordLogin ? "secondary" : "primary"} onError={setError} />}
      {ssoName && passwordLogin && (
        <div className="flex items-center gap-3 text-xs text-zinc-500 dark:text-zinc-400" aria-hidden>
          <span className="h-px flex-1 bg-zinc-200 dark:bg-white/10" />
          or with your password
          <span className="h-px flex-1 bg-zinc-200 dark:bg-white/10" />
        </div>
      )}
      {passwordLogin && <PasswordForm callbackUrl={callbackUrl} error={error} setError={setError} />}
    </div>
  );
}

function PasswordForm({ callbackUrl, error, setError }: { callbackUrl?: string; error: string | null; setError: (message: string | null) => void }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Fields>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
    const parsed = credentialsSchema.safeParse(values);
    setError(null);
    if (!parsed.success) {
      setFields(zodFieldErrors(parsed.error, values));
      return;
    }
    setFields({});
    setPending(true);
    try {
      const result = await signIn("credentials", { ...parsed.data, redirect: false });
      if (!result || result.error || !result.ok) {
        setError(signInErrorMessage(result?.error ?? "SignInFailed"));
        setPending(false);
        return;
      }
      router.push(safeCallbackPath(callbackUrl, window.location.origin));
      router.refresh();
      // Stay pending: the page is about to change.
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5" aria-describedby={error ? "login-error" : undefined}>
      <EmailField id="login-email" autoFocus error={fields.email} />
      <TextField
        id="login-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        error={fields.password}
      />
      <Button type="submit" pending={pending} className="w-full">
        Sign in
      </Button>
    </form>
  );
}
