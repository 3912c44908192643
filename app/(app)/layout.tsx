import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/AppShell";
import { requirePageUser } from "@/lib/auth/current-user";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={user}>{children}</AppShell>;
}
