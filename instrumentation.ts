// Runs once when a Next.js server starts (not in the browser, not while building): the web
// process's background work for alerts (lib/alerts/web-process.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startWebAlerts } = await import("./lib/alerts/web-process");
  startWebAlerts();
}
