// The signed-in user for server components and pages (a redirect to /login when there is none).
import { getServerSession } from "next-auth/next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "../db/client";
import { toPublicUser, type PublicUser } from "../users/accounts";
import { authOptions } from "./next-auth";
import { PAGE_PATH_HEADER } from "./page-path";

export async function currentUser(): Promise<PublicUser | null> {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  const user = await (await getDb()).user.findUnique({ where: { id } });
  return user ? toPublicUser(user) : null;
}

/** The signed-in user, or a redirect to /login that comes back to the requested page. */
export async function requirePageUser(): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get(PAGE_PATH_HEADER); // a path on this site, set by proxy.ts
    redirect(path && path !== "/" ? `/login?callbackUrl=${encodeURIComponent(path)}` : "/login");
  }
  return user;
}
