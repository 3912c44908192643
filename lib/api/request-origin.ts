// The origin of the request being answered, for links a response carries that lib/ code builds
// deep below the route (a heartbeat's ping URL in every schedule it serializes): route() sets it
// for the handler's whole call (lib/api/handler.ts). Outside a request (workers, scripts) links
// use NEXTAUTH_URL, else localhost and PORT, as alerts' links do.
import { AsyncLocalStorage } from "node:async_hooks";
import { alertLinkOrigin } from "../alerts/outbox";
import { siteOrigin } from "./origin";

// Worked out only when a link is built: most responses carry none.
const current = new AsyncLocalStorage<() => string>();

/** Runs `fn` with `request`'s public origin as the origin of the links it builds. */
export function withRequestOrigin<T>(request: Request, fn: () => T): T {
  return current.run(() => siteOrigin(request), fn);
}

/** Runs `fn` with `origin` as the origin of the links it builds (pages, which have headers, not a request). */
export function withOrigin<T>(origin: string, fn: () => T): T {
  return current.run(() => origin, fn);
}

/** The origin for links built now. */
export function linkOrigin(): string {
  return current.getStore()?.() ?? alertLinkOrigin();
}
