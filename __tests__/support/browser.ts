// Debian's Chromium driven by playwright-core (never a downloaded browser build).
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { ROOT } from "../../lib/db/schema-source";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.join(ROOT, "test-results");

/** Why the browser tests cannot run, or null. Under CI=true a missing browser fails instead. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM)) return null;
  const why = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI === "true") throw new Error(why);
  console.warn(`\n*** ${why}: the browser tests are SKIPPED.\n`);
  return why;
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** Collects every Content-Security-Policy violation on a page (reported as events and as console errors). */
export async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  await page.exposeFunction("reportCspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(`${e.violatedDirective}: ${e.blockedURI}`),
    );
  });
  return violations;
}
