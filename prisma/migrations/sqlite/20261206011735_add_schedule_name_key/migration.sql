-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL DEFAULT '',
    "description" TEXT,
    "cronExpression" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "entrypoint" TEXT NOT NULL DEFAULT 'log',
    "payload" JSONB NOT NULL DEFAULT '{}',
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "overlapPolicy" TEXT NOT NULL DEFAULT 'skip',
    "misfirePolicy" TEXT NOT NULL DEFAULT 'run_once',
    "timeoutSeconds" INTEGER NOT NULL DEFAULT 300,
    "maxRetries" INTEGER NOT NULL DEFAULT 0,
    "retryDelaySeconds" INTEGER NOT NULL DEFAULT 30,
    "lastRunAt" DATETIME,
    "lastRunStatus" TEXT,
    "nextRunAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Schedule_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Backfill: nameKey is the name with A-Z lower-cased (lib/schedules/name-order.ts), which is
-- exactly what SQLite's built-in lower() computes (it folds ASCII letters only).
INSERT INTO "new_Schedule" ("createdAt", "cronExpression", "description", "entrypoint", "id", "isEnabled", "lastRunAt", "lastRunStatus", "maxRetries", "misfirePolicy", "name", "nameKey", "nextRunAt", "overlapPolicy", "payload", "retryDelaySeconds", "timeoutSeconds", "timezone", "updatedAt", "userId") SELECT "createdAt", "cronExpression", "description", "entrypoint", "id", "isEnabled", "lastRunAt", "lastRunStatus", "maxRetries", "misfirePolicy", "name", lower("name"), "nextRunAt", "overlapPolicy", "payload", "retryDelaySeconds", "timeoutSeconds", "timezone", "updatedAt", "userId" FROM "Schedule";
DROP TABLE "Schedule";
ALTER TABLE "new_Schedule" RENAME TO "Schedule";
CREATE INDEX "Schedule_userId_nameKey_name_idx" ON "Schedule"("userId", "nameKey", "name");
CREATE INDEX "Schedule_updatedAt_idx" ON "Schedule"("updatedAt");
CREATE INDEX "Schedule_isEnabled_nextRunAt_idx" ON "Schedule"("isEnabled", "nextRunAt");
CREATE UNIQUE INDEX "Schedule_userId_name_key" ON "Schedule"("userId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
