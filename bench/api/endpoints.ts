// What bench:api and bench:profile request, against a server holding bench/api/seed.ts's data.
import { randomUUID } from "node:crypto";
import { signInWithCredentials } from "../../__tests__/support/http";
import type { Request } from "./load";
import { PASSWORD, type Seeded } from "./seed";

/** An endpoint or a floor, with how many requests one of its calls makes. */
export type Side = { name: string; request: Request; requests: number };

/** The big user's session cookie, once the page shows the list: not a sign-in page or an error boundary answered with a 200. */
export async function signInToSchedules(url: string, email: string): Promise<string> {
  const { cookie } = await signInWithCredentials(url, email, PASSWORD);
  if (!cookie) throw new Error("could not sign in to the web UI");
  const html = await (await fetch(`${url}/schedules`, { headers: { cookie } })).text();
  if (!html.includes("job 00049")) throw new Error("/schedules does not show the first page of schedules");
  return cookie;
}

/** The big user's list cursor `pages` pages of 50 in, followed from the first page as a client would. */
export async function cursorAfter(url: string, token: string, pages: number): Promise<string> {
  let cursor = "";
  for (let page = 0; page < pages; page++) {
    const res = await fetch(`${url}/api/v1/schedules?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: { authorization: `Bearer ${token}` } });
    const { nextCursor } = (await res.json()) as { nextCursor: string | null };
    if (!nextCursor) throw new Error(`the list ends before page ${page + 2}`);
    cursor = nextCursor;
  }
  return cursor;
}

/** How far into the big user's 10,000 schedules the deep page is: pages of 50 (item 7,501 on). */
export const DEEP_PAGES = 150;

export function apiEndpoints(url: string, { token, smallToken, ids }: Seeded, cookie: string, deepCursor = "") {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const writer = { authorization: `Bearer ${smallToken}`, "content-type": "application/json" };
  const side = (name: string, request: Request, requests = 1): Side => ({ name, request, requests });
  return {
    floor: side("floor: GET /api/v1/me", () => fetch(`${url}/api/v1/me`, { headers })),
    // A page's own floor: the lightest signed-in page, the API tokens page (the app shell and the
    // session cookie's decryption; its list loads in the browser), so the page row also says what
    // its 50 cards cost.
    pageFloor: side("page floor: GET /settings (session cookie)", () => fetch(`${url}/settings`, { headers: { cookie } })),
    list: side("GET /api/v1/schedules?limit=50", () => fetch(`${url}/api/v1/schedules?limit=50`, { headers })),
    // The same list for a user with 100 schedules, and the big user's page 151: the list's cost
    // should not depend on how many schedules there are, nor on how deep the cursor is.
    smallList: side("GET /api/v1/schedules?limit=50 (user with 100 schedules)", () => fetch(`${url}/api/v1/schedules?limit=50`, { headers: writer })),
    deepList: side(`GET /api/v1/schedules?limit=50&cursor=(page ${DEEP_PAGES + 1})`, () => fetch(`${url}/api/v1/schedules?limit=50&cursor=${encodeURIComponent(deepCursor)}`, { headers })),
    // The big user's runs, newest first: 100,000 of them (bench/api/seed.ts).
    runs: side("GET /api/v1/runs?limit=50", () => fetch(`${url}/api/v1/runs?limit=50`, { headers })),
    page: side("page: GET /schedules (first 50, session cookie)", () => fetch(`${url}/schedules`, { headers: { cookie } })),
    get: side("GET /api/v1/schedules/{id}", (w, i) => fetch(`${url}/api/v1/schedules/${ids[(w * 31 + i) % ids.length]}`, { headers })),
    pair: side(
      "POST then DELETE /api/v1/schedules",
      async (w, i) => {
        const created = await fetch(`${url}/api/v1/schedules`, { method: "POST", headers: writer, body: JSON.stringify({ name: `tmp ${w}-${i}-${randomUUID()}`, cronExpression: "*/10 * * * *" }) });
        const { id } = (await created.clone().json()) as { id: string };
        return [created, await fetch(`${url}/api/v1/schedules/${id}`, { method: "DELETE", headers: writer })];
      },
      2,
    ),
  };
}
