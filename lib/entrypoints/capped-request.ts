// One HTTP request whose answer is read only so far: the status, a few headers, and the start of
// the body (a receiver cannot make us hold more). Shared by http jobs and alert channels, which
// both pass the SSRF guard's lookup (network.ts), so the address connected to is the one checked.
// No redirects are followed; a fresh connection is opened and closed each time (agent: false).
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

export type CappedResponse = {
  status: number;
  /** The headers asked for (lower-case names), those the receiver sent. */
  headers: Record<string, string>;
  body: string;
  /** The body went past the limit: what is here is its start. */
  truncated: boolean;
  /** The connection closed before the whole response arrived (the status and headers had). */
  cut: boolean;
  durationMs: number;
};

export type CappedRequest = {
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  lookup: LookupFunction;
  /** Bytes of the body kept. */
  bodyLimit: number;
  /** Response headers to return. */
  keepHeaders: readonly string[];
  /** What the promise rejects with when `signal` aborts (default: the signal's reason). */
  abortError?: (signal: AbortSignal) => unknown;
};

/** Sends the request; rejects on a network error or when `signal` aborts. */
export function cappedRequest(url: URL, init: CappedRequest, signal: AbortSignal): Promise<CappedResponse> {
  const aborted = () => (init.abortError ? init.abortError(signal) : signal.reason);
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(aborted());
    const started = performance.now();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      fn();
    };
    const request = url.protocol === "https:" ? https.request : http.request;
    const req = request(url, { method: init.method, headers: init.headers, lookup: init.lookup, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (truncated: boolean, cut: boolean) =>
        settle(() => {
          const headers: Record<string, string> = {};
          for (const name of init.keepHeaders) {
            const v = res.headers[name];
            if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(", ") : v;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers,
            // A cut may fall inside a UTF-8 sequence: streaming mode leaves the partial character out.
            body: new TextDecoder().decode(Buffer.concat(chunks).subarray(0, init.bodyLimit), { stream: truncated || cut }),
            truncated,
            cut,
            durationMs: Math.round(performance.now() - started),
          });
        });
      res.on("data", (chunk: Buffer) => {
        if (settled) return;
        chunks.push(chunk);
        size += chunk.length;
        if (size > init.bodyLimit) {
          finish(true, false);
          req.destroy();
        }
      });
      res.on("end", () => finish(false, false));
      res.on("error", (err) => settle(() => reject(err)));
      res.on("close", () => {
        if (!res.complete) finish(false, true);
      });
    });
    const onAbort = () => {
      settle(() => reject(aborted()));
      req.destroy();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (err) => settle(() => reject(err)));
    req.end(init.body);
  });
}
