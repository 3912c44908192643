// A real OpenID Connect provider for tests (the `oidc-provider` package, as certified by the
// OpenID Foundation), on a free loopback port, with one confidential client and people the test
// controls. It listens on 127.0.0.2, not 127.0.0.1: to the browser the provider is then another
// site than the app (which runs on 127.0.0.1), as in real use, so cookie and redirect rules apply
// as they would in production.
//
// Its login page is this file's own (oidc-provider's development pages accept any password):
// email and password checked against the test's people, and Cancel, which answers the app with
// access_denied. Consent is given with the login, as for an organisation's own application.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type JWK } from "oidc-provider";

export const IDP_HOST = "127.0.0.2";

/** Someone who can sign in at the provider. */
export type IdpPerson = { email: string; emailVerified: boolean; name?: string; password: string };

export type TestIdp = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds someone who can sign in with their email and password; returns their subject. */
  addPerson(person: IdpPerson): string;
  /** Registers an app's redirect URL (<app>/api/auth/callback/oidc) with the client. */
  allowRedirect(uri: string): void;
  /**
   * Stops the provider as soon as it has sent a browser back to the app with a code: the app then
   * finds it down when it redeems the code. Resolves when it has stopped.
   */
  goDownAfterRedirectBack(): Promise<void>;
  stop(): Promise<void>;
};

// One signing key per process: RSA for RS256, the ID tokens' algorithm every client accepts.
let signingKey: JWK | undefined;
function rsaSigningKey(): JWK {
  signingKey ??= { ...(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }) as JWK), kid: "test", use: "sig", alg: "RS256" };
  return signingKey;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <label>Email <input name="email" type="email" autocomplete="off"></label>
  <label>Password <input name="password" type="password"></label>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/cancel"><button type="submit">Cancel</button></form>
</body></html>`;
}

async function formBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startOidcProvider(): Promise<TestIdp> {
  const people = new Map<string, IdpPerson>();
  const redirectUris: string[] = [];
  const clientId = "almanac";
  const clientSecret = randomBytes(24).toString("base64url");
  const cookieKey = randomBytes(32).toString("hex");
  let goDown: (() => void) | null = null;

  const server = http.createServer((req, res) => {
    res.on("finish", () => {
      const location = String(res.getHeader("location") ?? "");
      if (goDown && redirectUris.some((uri) => location.startsWith(`${uri}?`))) goDown();
    });
    const interaction = /^\/interaction\/([^/?]+)(?:\/(login|cancel))?(?:\?|$)/.exec(req.url ?? "");
    const handled = interaction ? interact(req, res, interaction[1], interaction[2]) : Promise.resolve(provider.callback()(req, res));
    handled.catch((err: Error) => {
      res.statusCode = 500;
      res.end(`test provider: ${err.message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, IDP_HOST, resolve);
  });
  const issuer = `http://${IDP_HOST}:${(server.address() as AddressInfo).port}`;

  const configuration = (): Configuration => ({
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [...redirectUris], grant_types: ["authorization_code"], response_types: ["code"] }],
    async findAccount(_ctx, sub) {
      const person = people.get(sub);
      if (!person) return undefined;
      return { accountId: sub, claims: async () => ({ sub, email: person.email, email_verified: person.emailVerified, name: person.name }) };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: [cookieKey] },
    jwks: { keys: [rsaSigningKey()] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    async renderError(ctx, out) {
      ctx.type = "text";
      ctx.body = `test provider error: ${out.error}${out.error_description ? ` (${out.error_description})` : ""}`;
    },
  });
  // Clients are fixed when a Provider is made: a new redirect URL makes a new one (its in-memory
  // sessions go with the old one, which is fine between tests).
  let provider = new Provider(issuer, configuration());

  async function interact(req: http.IncomingMessage, res: http.ServerResponse, uid: string, action: string | undefined): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error("interaction mismatch");
    if (req.method === "GET" && !action) {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(loginPage(uid));
      return;
    }
    if (req.method !== "POST") throw new Error(`${req.method} not allowed here`);
    if (action === "cancel") {
      await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The person cancelled signing in" }, { mergeWithLastSubmission: false });
      return;
    }
    const form = await formBody(req);
    const email = (form.get("email") ?? "").trim().toLowerCase();
    const found = [...people].find(([, p]) => p.email.toLowerCase() === email && p.password === form.get("password"));
    if (!found) {
      res.statusCode = 401;
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(loginPage(uid, "Wrong email or password"));
      return;
    }
    const [accountId] = found;
    const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    issuer,
    clientId,
    clientSecret,
    addPerson(person) {
      const sub = `person-${people.size + 1}`;
      people.set(sub, person);
      return sub;
    },
    allowRedirect(uri) {
      redirectUris.push(uri);
      provider = new Provider(issuer, configuration());
    },
    goDownAfterRedirectBack: () =>
      new Promise<void>((resolve) => {
        goDown = () => {
          goDown = null;
          void stop().then(resolve);
        };
      }),
    stop,
  };
}
