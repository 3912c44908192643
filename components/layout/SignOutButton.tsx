"use client";

import { useState } from "react";
import { LogOut } from "@/components/ui/icons";
import { signOut } from "next-auth/react";
import { Button } from "../ui/Button";

export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      pending={pending}
      className="w-full justify-start"
      onClick={() => {
        setPending(true);
        signOut({ callbackUrl: "/login" }).catch(() => setPending(false));
      }}
    >
      {!pending && <LogOut aria-hidden className="size-4" />}
      Sign out
    </Button>
  );
}
