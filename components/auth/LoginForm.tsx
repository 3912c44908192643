"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { credentialsSchema } from "@/lib/validation/auth";
import { Button } from "../ui/Button";
import { ErrorAlert } from "../ui/Alert";
import { TextField } from "../ui/Field";
import { EmailField } from "./EmailField";
import { zodFieldErrors } from "@/lib/api-fetch";
import { safeCallbackPath, signInErrorMessage } from "./sign-in";

type Fields = Partial<Record<"email" | "password", string>>;

/** `initialError` is a message to show, already vetted (see loginPageErrorMessage), never raw `?error=` text. */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl?: string; initialError?: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Fields>({});
  const [error, setError] = useState<string | null>(initialError ?? null);

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
      {error && (
        <div id="login-error">
          <ErrorAlert>{error}</ErrorAlert>
        </div>
      )}
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
