// Bearer JWTs for scripts and CLIs (POST /api/v1/auth/token): HS256, signed with a key derived
// from the auth secret so they can never be confused with next-auth's session cookies.
import { createHash } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { authSecret } from "./secret";

const ISSUER = "almanac";
const AUDIENCE = "almanac-api";

function signingKey(secret = authSecret()): Uint8Array {
  return createHash("sha256").update(`almanac access token\0${secret}`).digest();
}

export async function issueAccessToken(user: { id: string; email: string }, ttlSeconds: number): Promise<string> {
  return new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(user.id)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(signingKey());
}

/** The user id in a valid, unexpired token; null for anything else. */
export async function verifyAccessToken(token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, signingKey(), { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256"] });
    return typeof payload.sub === "string" ? payload.sub : null;
  } catch {
    return null;
  }
}
