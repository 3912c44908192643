// What a failed sign-in with the provider is reported as, from the errors next-auth really logs:
// openid-client's own errors, wrapped as next-auth wraps them, some from real connections.
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { custom, errors, Issuer } from "openid-client";
import { afterAll, describe, expect, test } from "vitest";
import { classifyProviderFailure, noteProviderFailure, withProviderFailures } from "./provider-failures";

const { OPError } = errors;
// next-auth's wrapper for every error of its OAuth callback; its package does not export it.
const require = createRequire(import.meta.url);
const { OAuthCallbackError } = require(path.join(path.dirname(require.resolve("next-auth")), "core/errors.js")) as {
  OAuthCallbackError: new (error: Error) => Error;
};

/** The error openid-client throws when it asks `url` for a discovery document, given 300 ms (set back after). */
async function discoveryError(url: string): Promise<Error> {
  const before = Issuer[custom.http_options];
  Issuer[custom.http_options] = (_url, options) => ({ ...options, timeout: 300 });
  try {
    await Issuer.discover(url);
  } catch (err) {
    return err as Error;
  } finally {
    Issuer[custom.http_options] = before;
  }
  throw new Error(`discovery at ${url} worked`);
}

describe("classifyProviderFailure", () => {
  let servers: http.Server[] = [];
  const serve = async (handler: http.RequestListener) => {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/openid-configuration`;
  };
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
    servers = [];
  });

  test("the provider's access_denied on the way back is the person's or the provider's no", () => {
    const logged = { error: new Error("access_denied"), error_description: "End-User aborted interaction", providerId: "oidc" };
    expect(classifyProviderFailure("OAUTH_CALLBACK_HANDLER_ERROR", logged)).toBe("denied");
    expect(classifyProviderFailure("OAUTH_CALLBACK_ERROR", new Error("access_denied"))).toBe("denied");
  });

  test.each(["invalid_client", "unauthorized_client"])("the token endpoint's %s is the client's credentials refused", (error) => {
    const logged = { error: new OAuthCallbackError(new OPError({ error, error_description: "client authentication failed" })), providerId: "oidc" };
    expect(classifyProviderFailure("OAUTH_CALLBACK_ERROR", logged)).toBe("client_rejected");
  });

  test("a refused connection, a provider that never answers, or one answering 503 is unreachable", async () => {
    const closedUrl = await serve(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve)); // nothing listens there now
    const hanging = await serve(() => {});
    const failing = await serve((_req, res) => {
      res.statusCode = 503;
      res.end("down for maintenance");
    });
    for (const url of [closedUrl, hanging, failing]) {
      const error = await discoveryError(url);
      expect(classifyProviderFailure("SIGNIN_OAUTH_ERROR", { error, providerId: "oidc" }), `${url}: ${error.message}`).toBe("unreachable");
      expect(classifyProviderFailure("OAUTH_CALLBACK_ERROR", { error: new OAuthCallbackError(error), providerId: "oidc" })).toBe("unreachable");
    }
  });

  test("anything else about the sign-in (a missing state cookie, a bad ID token) is a failure, not a guess", () => {
    expect(classifyProviderFailure("OAUTH_CALLBACK_ERROR", { error: new OAuthCallbackError(new TypeError("State cookie was missing.")) })).toBe("failed");
    expect(classifyProviderFailure("OAUTH_CALLBACK_ERROR", { error: new OAuthCallbackError(new OPError({ error: "invalid_grant", error_description: "grant request is invalid" })) })).toBe("failed");
    expect(classifyProviderFailure("OAUTH_PARSE_PROFILE_ERROR", { error: new TypeError("x"), OAuthProfile: {} })).toBe("failed");
  });

  test("next-auth's other logs are not about the provider", () => {
    expect(classifyProviderFailure("JWT_SESSION_ERROR", { error: new Error("decryption operation failed") })).toBeNull();
    expect(classifyProviderFailure("CLIENT_FETCH_ERROR", new Error("x"))).toBeNull();
  });
});

describe("withProviderFailures", () => {
  const redirect = (location: string) => {
    const response = new Response(null, { status: 302, headers: { location } });
    response.headers.append("set-cookie", "next-auth.state=; Max-Age=0; Path=/");
    return response;
  };
  const clientRejected = { error: new OAuthCallbackError(new OPError({ error: "invalid_client" })) };

  test("a failure logged while next-auth answers points its redirect at /login with the failure's code; cookies kept", async () => {
    const response = await withProviderFailures(async () => {
      noteProviderFailure("OAUTH_CALLBACK_ERROR", clientRejected);
      return redirect("http://app.example/api/auth/error?error=OAuthCallback");
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?error=SsoClientRejected");
    expect(response.headers.get("set-cookie")).toContain("next-auth.state=");
  });

  test("the first failure logged is the cause: next-auth logs it again on its way out", async () => {
    const response = await withProviderFailures(async () => {
      noteProviderFailure("OAUTH_CALLBACK_HANDLER_ERROR", { error: new Error("access_denied"), error_description: "no" });
      noteProviderFailure("OAUTH_CALLBACK_ERROR", { error: new Error("something else") });
      return redirect("http://app.example/api/auth/error?error=Callback");
    });
    expect(response.headers.get("location")).toBe("/login?error=SsoDenied");
  });

  test("without a failure the answer is next-auth's, untouched", async () => {
    const response = await withProviderFailures(async () => redirect("http://app.example/settings"));
    expect(response.headers.get("location")).toBe("http://app.example/settings");
  });

  test("each request has its own note: a failure in one does not redirect another answered meanwhile", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const failing = withProviderFailures(async () => {
      await gate;
      noteProviderFailure("OAUTH_CALLBACK_ERROR", clientRejected);
      return redirect("http://app.example/api/auth/error?error=OAuthCallback");
    });
    const fine = withProviderFailures(async () => {
      release();
      await new Promise((resolve) => setTimeout(resolve, 10));
      return redirect("http://app.example/");
    });
    expect((await fine).headers.get("location")).toBe("http://app.example/");
    expect((await failing).headers.get("location")).toBe("/login?error=SsoClientRejected");
  });

  test("a failure logged outside a callback (starting a sign-in) changes no later answer", async () => {
    noteProviderFailure("SIGNIN_OAUTH_ERROR", { error: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    const response = await withProviderFailures(async () => redirect("http://app.example/"));
    expect(response.headers.get("location")).toBe("http://app.example/");
  });
});
