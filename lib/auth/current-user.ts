// The signed-in user for server components and pages (a redirect to /login when there is none).
import { getServerSession } from "next-auth/next";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "../db/client";
import { findPublicUser, type PublicUser } from "../users/accounts";
import { authOptions } from "./next-auth";
import { PAGE_PATH_HEADER } from "./page-path";

/**
 * The signed-in user, read once per page request: a page's layout and the page itself both ask,
 * and React's `cache` hands the second the first one's answer (the session cookie's decryption and
 * the user's row are a visible share of a small page, bench:api).
 */
export const currentUser = cache(async (): Promise<PublicUser | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  if (!id) return null;
  return findPublicUser(await getDb(), id);
});

/** The signed-in user, or a redirect to /login that comes back to the requested page. */
export async function requirePageUser(): Promise<PublicUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get(PAGE_PATH_HEADER); // a path on this site, set by proxy.ts
    redirect(path && path !== "/" ? `/login?callbackUrl=${encodeURIComponent(path)}` : "/login");
  }
  return user;
}
