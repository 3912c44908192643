import type { NextConfig } from "next";
import { PROXY_BODY_COPY_BYTES } from "./lib/api/body";

const dev = process.env.NODE_ENV !== "production";

// The pages' Content-Security-Policy. Next.js's own inline scripts (the RSC payload, hydration)
// need either a per-request nonce, which makes every page dynamic and the static ones (404) lose
// their scripts, or 'unsafe-inline': this app takes 'unsafe-inline' for scripts and styles and
// shuts everything else to this origin. Dev mode's fast refresh also evaluates strings.
const PAGE_CSP = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self'${dev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// API answers are JSON, never rendered: nothing may load from them, and nothing may frame them.
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
];

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Native and driver packages stay plain Node requires instead of being bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@prisma/client"],
  // `npm test` runs `tsc --noEmit` over the whole project (app, lib, worker, tests); building
  // for `npm start` should not repeat that slower check on every start.
  typescript: { ignoreBuildErrors: true },
  // A request that proxy.ts sees (pages, and the sign-in, registration and token endpoints) has its
  // body copied into memory up to this size (10 MB by default); proxy.ts refuses one over the
  // 64 KiB limit (lib/api/body.ts, PROXY_BODY_COPY_BYTES says why this size).
  experimental: { proxyClientMaxBodySize: PROXY_BODY_COPY_BYTES },
  async headers() {
    // When two rules set the same header, the later one wins: API routes get the stricter CSP.
    return [
      { source: "/:path*", headers: [...SECURITY_HEADERS, { key: "Content-Security-Policy", value: PAGE_CSP }] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
