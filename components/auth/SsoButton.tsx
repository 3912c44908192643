"use client";

import { useState } from "react";
import { signIn } from "next-auth/react";
import { OIDC_PROVIDER_ID } from "@/lib/auth/oidc/sign-in-codes";
import { Button } from "../ui/Button";
import { safeCallbackPath } from "./sign-in";

/**
 * "Sign in with <provider>": next-auth answers a script's request with the provider's address and
 * the script goes there. A form posting to next-auth would be redirected to another site, which
 * the pages' Content-Security-Policy (form-action 'self') forbids.
 */
export function SsoButton({ name, callbackUrl, variant, onError }: { name: string; callbackUrl?: string; variant: "primary" | "secondary"; onError: (message: string) => void }) {
  const [pending, setPending] = useState(false);

  async function start() {
    setPending(true);
    try {
      await signIn(OIDC_PROVIDER_ID, { callbackUrl: safeCallbackPath(callbackUrl, window.location.origin) });
      // Stay pending: the browser is on its way to the provider.
    } catch {
      onError("Could not reach the server. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <Button variant={variant} pending={pending} onClick={start} className="w-full">
      Sign in with {name}
    </Button>
  );
}
