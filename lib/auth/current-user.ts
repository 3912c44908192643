// The signed-in user for server components and pages (a redirect to /login when there is none).
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "../db/client";
import { findPublicUser, type PublicUser } from "../users/accounts";
import { PAGE_PATH_HEADER } from "./page-path";
import { sessionUserId } from "./session-cookie";

/**
 * The signed-in user, read once per page request: a page's layout and the page itself both ask,
 * and React's `cache` hands the second the first one's answer (the session cookie's decryption and
 * the user's row are a visible share of a small page, bench:api).
 */
export const currentUser = cache(async (): Promise<PublicUser | null> => {
  // The session cookie read as the API reads it (next-auth's getServerSession would run its whole
  // request handler to the same end: the token's subject). The URL only supplies the scheme when
  // no X-Forwarded-Proto says it.
  const requestHeaders = await headers();
  const id = await sessionUserId({ headers: requestHeaders, url: `http://${requestHeaders.get("host") ?? "localhost"}/` });
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
