/** An API token as GET /api/v1/tokens lists it (dates are ISO strings). */
export type ApiTokenInfo = {
  id: string;
  name: string;
  prefix: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  createdAt: string;
};

/** POST /api/v1/tokens: the only response that carries the token itself. */
export type CreatedApiToken = ApiTokenInfo & { token: string };
