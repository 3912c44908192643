// One POST to a channel's URL, through node:http/https with the SSRF guard's lookup (as http jobs
// send theirs), so the address connected to is the one checked. No redirects are followed; the
// response body is read up to 4 KiB.
import http from "node:http";
import https from "node:https";
import { blockedHostReason, guardedLookup, privateTargetError, type Resolver } from "../../entrypoints/network";
import type { NetworkPolicy } from "../../entrypoints/types";

/** How much of a receiver's answer is read (enough for its error message). */
export const RESPONSE_BODY_LIMIT = 4 * 1024;

export type PostResponse = { status: number; headers: { location?: string; retryAfter?: string }; body: string };

export type PostOptions = {
  headers: Record<string, string>;
  body: string;
  policy: NetworkPolicy;
  resolve?: Resolver;
  /** Aborts the request, its DNS lookup included. */
  signal: AbortSignal;
};

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(", ") : v);

/** The receiver's status, a few headers and the start of its body; rejects on a network error, a refused target or abort. */
export function post(url: URL, { headers, body, policy, resolve, signal }: PostOptions): Promise<PostResponse> {
  return new Promise((resolvePromise, reject) => {
    if (signal.aborted) return reject(signal.reason);
    // A literal IP address is connected to without a lookup, so it is checked here; a name is
    // checked inside the connection's lookup.
    const literal = policy.allowPrivateNetwork ? null : blockedHostReason(url.hostname);
    if (literal) return reject(privateTargetError(`"${url.hostname}"`, literal));
    const payload = Buffer.from(body, "utf8");
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      fn();
    };
    const request = url.protocol === "https:" ? https.request : http.request;
    // agent: false: a fresh connection per delivery, closed afterwards.
    const req = request(
      url,
      { method: "POST", headers: { ...headers, "content-length": String(payload.length) }, lookup: guardedLookup(policy, resolve, signal), agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = (truncated: boolean) =>
          settle(() =>
            resolvePromise({
              status: res.statusCode ?? 0,
              headers: { location: header(res.headers.location), retryAfter: header(res.headers["retry-after"]) },
              // A cut may fall inside a UTF-8 sequence: streaming mode leaves the partial character out.
              body: new TextDecoder().decode(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT), { stream: truncated }),
            }),
          );
        res.on("data", (chunk: Buffer) => {
          if (settled) return;
          chunks.push(chunk);
          size += chunk.length;
          if (size > RESPONSE_BODY_LIMIT) {
            finish(true);
            req.destroy();
          }
        });
        res.on("end", () => finish(false));
        res.on("error", (err) => settle(() => reject(err)));
        res.on("close", () => {
          // The status arrived: what the receiver said counts even if its body was cut short.
          if (!res.complete) finish(true);
        });
      },
    );
    const onAbort = () => {
      settle(() => reject(signal.reason));
      req.destroy();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (err) => settle(() => reject(err)));
    req.end(payload);
  });
}
