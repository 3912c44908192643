// Runs in the browser before the app hydrates (Next.js loads it first).
import { z } from "zod";

// zod compiles object parsers with `new Function` when it may, and probes for that on first use;
// under the Content-Security-Policy (no 'unsafe-eval', next.config.ts) the probe fails harmlessly
// but is reported as a policy violation on every page. Parse without compiling instead.
z.config({ jitless: true });
