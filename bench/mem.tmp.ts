import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { sqliteTarget } from "../lib/db/target";
import { createStore } from "../lib/scheduler/store";

const mode = process.argv[2];
const file = process.argv[3];
const mb = (n: number) => (n / 1048576).toFixed(0);
const report = (label: string) => {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  console.log(label.padEnd(28), "rss", mb(m.rss), "heapUsed", mb(m.heapUsed), "heapTotal", mb(m.heapTotal), "external", mb(m.external), "ab", mb(m.arrayBuffers));
};
if (!mode) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mem-"));
  const f = path.join(dir, "a.db");
  await migrate(sqliteTarget(f));
  const raw = new Database(f);
  raw.prepare(`INSERT INTO "User" (id, email, passwordHash, createdAt, updatedAt) VALUES ('u','u@x','x','2026-01-01T00:00:00.000+00:00','2026-01-01T00:00:00.000+00:00')`).run();
  const ins = raw.prepare(`INSERT INTO "Schedule" (id, userId, name, cronExpression, timezone, payload, nextRunAt, createdAt, updatedAt) VALUES (?, 'u', ?, ?, 'Europe/Berlin', '{"message":"x"}', '2030-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000+00:00')`);
  raw.transaction(() => { for (let i = 0; i < 100000; i++) ins.run(crypto.randomUUID(), "s" + i, `${i % 60} * * * *`); })();
  raw.close();
  for (const m of ["prisma", "raw"]) console.log(execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", "bench/mem.tmp.ts", m, f]).toString());
} else {
  report("start");
  const entries = new Map<string, object>();
  if (mode === "prisma") {
    const db = await createDb(sqliteTarget(file));
    report("client created");
    const store = createStore(db, "w");
    for await (const page of store.timingPages(500)) for (const r of page) entries.set(r.id, { c: r.cronExpression, t: r.timezone, u: r.updatedAt.getTime() });
  } else {
    const db = await createDb(sqliteTarget(file));
    report("client created");
    const raw = new Database(file, { readonly: true });
    let cursor = "";
    for (;;) {
      const rows = raw.prepare(`SELECT id, cronExpression, timezone, overlapPolicy, misfirePolicy, isEnabled, nextRunAt, updatedAt FROM "Schedule" WHERE id > ? ORDER BY id LIMIT 500`).all(cursor) as { id: string; cronExpression: string; timezone: string; updatedAt: string }[];
      if (!rows.length) break;
      for (const r of rows) entries.set(r.id, { c: r.cronExpression, t: r.timezone, u: Date.parse(r.updatedAt) });
      cursor = rows[rows.length - 1].id;
      await new Promise((r) => setImmediate(r));
    }
    void db;
  }
  report("loaded " + entries.size);
}
