// Pages have headers, not a Request: links that lib/ code builds while a page reads its data (a
// heartbeat check's ping URL in every schedule it serializes) name the host the page was asked
// for, as route() makes them do for the API (lib/api/request-origin.ts). Server code only.
import { headers } from "next/headers";
import { publicOrigin } from "./origin";
import { withOrigin } from "./request-origin";

/** Runs `fn` with the page request's public origin as the origin of the links it builds. */
export async function withPageOrigin<T>(fn: () => Promise<T>): Promise<T> {
  const origin = publicOrigin(await headers());
  return origin ? withOrigin(origin, fn) : fn();
}
