"use client";

import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { registerSchema } from "@/lib/validation/auth";
import { Button } from "../ui/Button";
import { ErrorAlert } from "../ui/Alert";
import { TextField } from "../ui/Field";
import { EmailField } from "./EmailField";
import { safeCallbackPath } from "./sign-in";
import { ApiRequestError, apiFetch, pickFieldErrors, zodFieldErrors } from "@/lib/api-fetch";

const FIELD_NAMES = ["name", "email", "password"] as const;
type Fields = Partial<Record<(typeof FIELD_NAMES)[number], string>>;

/** `callbackUrl`: where to go once the new account is signed in (an invitation link), checked like /login's. */
export function RegisterForm({ callbackUrl }: { callbackUrl?: string } = {}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [fields, setFields] = useState<Fields>({});
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get("name") ?? "").trim();
    const values = { email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
    // The schema refuses an empty name; blank means "none".
    const parsed = registerSchema.safeParse({ ...values, ...(name ? { name } : {}) });
    setError(null);
    if (!parsed.success) {
      setFields(zodFieldErrors(parsed.error, values));
      return;
    }
    setFields({});
    setPending(true);

    try {
      await apiFetch("/api/v1/auth/register", { method: "POST", body: JSON.stringify(parsed.data) });
    } catch (err) {
      const apiError = err instanceof ApiRequestError ? err : new ApiRequestError("Something went wrong. Please try again.", 0);
      const { inline, unmatched } = pickFieldErrors(apiError.fields, FIELD_NAMES);
      // The server's sentence ("An account with this email already exists") beats its field note.
      if (apiError.code === "conflict" && inline.email) inline.email = apiError.message;
      setFields(inline);
      if (unmatched || Object.keys(inline).length === 0) setError(apiError.message);
      setPending(false);
      return;
    }

    try {
      const result = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
      if (result?.ok && !result.error) {
        router.push(safeCallbackPath(callbackUrl, window.location.origin));
        router.refresh();
        return;
      }
    } catch {
      // fall through: the account exists, only the automatic sign-in failed
    }
    router.push(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  }

  return (
    <form noValidate onSubmit={onSubmit} className="space-y-5" aria-describedby={error ? "register-error" : undefined}>
      {error && (
        <div id="register-error">
          <ErrorAlert>{error}</ErrorAlert>
        </div>
      )}
      <TextField id="register-name" name="name" type="text" label="Name (optional)" autoComplete="name" maxLength={100} error={fields.name} />
      <EmailField id="register-email" error={fields.email} />
      <TextField
        id="register-password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters."
        error={fields.password}
      />
      <Button type="submit" pending={pending} className="w-full">
        Create account
      </Button>
    </form>
  );
}
