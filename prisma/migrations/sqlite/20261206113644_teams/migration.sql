-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "personalOfId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Team_personalOfId_fkey" FOREIGN KEY ("personalOfId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Membership" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("teamId", "userId"),
    CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Every user has a personal team, which they own, and its id is the user's id (the trigger
-- User_personal_team below makes it so for new users, whoever creates them). Existing users get
-- theirs here, and their schedules (with their runs, which follow their schedule) move to it.
INSERT INTO "Team" ("id", "name", "personalOfId", "createdAt", "updatedAt")
  SELECT "id", COALESCE("name", "email"), "id", strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') FROM "User";
INSERT INTO "Membership" ("teamId", "userId", "role", "createdAt")
  SELECT "id", "id", 'owner', strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now') FROM "User";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Schedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "createdById" TEXT,
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
    CONSTRAINT "Schedule_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Schedule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Schedule" ("teamId", "createdById", "createdAt", "cronExpression", "description", "entrypoint", "id", "isEnabled", "lastRunAt", "lastRunStatus", "maxRetries", "misfirePolicy", "name", "nameKey", "nextRunAt", "overlapPolicy", "payload", "retryDelaySeconds", "timeoutSeconds", "timezone", "updatedAt") SELECT "userId", "userId", "createdAt", "cronExpression", "description", "entrypoint", "id", "isEnabled", "lastRunAt", "lastRunStatus", "maxRetries", "misfirePolicy", "name", "nameKey", "nextRunAt", "overlapPolicy", "payload", "retryDelaySeconds", "timeoutSeconds", "timezone", "updatedAt" FROM "Schedule";
DROP TABLE "Schedule";
ALTER TABLE "new_Schedule" RENAME TO "Schedule";
CREATE INDEX "Schedule_teamId_nameKey_name_idx" ON "Schedule"("teamId", "nameKey", "name");
CREATE INDEX "Schedule_teamId_isEnabled_nameKey_name_idx" ON "Schedule"("teamId", "isEnabled", "nameKey", "name");
CREATE INDEX "Schedule_updatedAt_idx" ON "Schedule"("updatedAt");
CREATE INDEX "Schedule_isEnabled_nextRunAt_idx" ON "Schedule"("isEnabled", "nextRunAt");
CREATE UNIQUE INDEX "Schedule_teamId_name_key" ON "Schedule"("teamId", "name");
CREATE TABLE "new_ScheduleCount" (
    "teamId" TEXT NOT NULL PRIMARY KEY,
    "total" INTEGER NOT NULL DEFAULT 0,
    "enabled" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ScheduleCount_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ScheduleCount" ("teamId", "enabled", "total") SELECT "userId", "enabled", "total" FROM "ScheduleCount";
DROP TABLE "ScheduleCount";
ALTER TABLE "new_ScheduleCount" RENAME TO "ScheduleCount";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Team_personalOfId_key" ON "Team"("personalOfId");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- Dropping "Schedule" dropped its triggers: the counts (now per team) and the tombstones, as
-- migration schedule_counts made them.
CREATE TRIGGER "Schedule_counts_insert" AFTER INSERT ON "Schedule" BEGIN
  INSERT INTO "ScheduleCount" ("teamId", "total", "enabled") VALUES (NEW."teamId", 1, CASE WHEN NEW."isEnabled" THEN 1 ELSE 0 END)
    ON CONFLICT ("teamId") DO UPDATE SET "total" = "total" + 1, "enabled" = "enabled" + excluded."enabled";
END;

CREATE TRIGGER "Schedule_counts_delete" AFTER DELETE ON "Schedule" BEGIN
  UPDATE "ScheduleCount" SET "total" = "total" - 1, "enabled" = "enabled" - (CASE WHEN OLD."isEnabled" THEN 1 ELSE 0 END) WHERE "teamId" = OLD."teamId";
  -- The format Prisma stores DateTime in on SQLite, so that workers' "deletedAt > ?" compares alike.
  INSERT INTO "ScheduleTombstone" ("scheduleId", "deletedAt") VALUES (OLD."id", strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
    ON CONFLICT ("scheduleId") DO UPDATE SET "deletedAt" = excluded."deletedAt";
END;

CREATE TRIGGER "Schedule_counts_update" AFTER UPDATE OF "isEnabled", "teamId" ON "Schedule"
  WHEN OLD."isEnabled" IS NOT NEW."isEnabled" OR OLD."teamId" IS NOT NEW."teamId" BEGIN
  UPDATE "ScheduleCount" SET "total" = "total" - 1, "enabled" = "enabled" - (CASE WHEN OLD."isEnabled" THEN 1 ELSE 0 END) WHERE "teamId" = OLD."teamId";
  INSERT INTO "ScheduleCount" ("teamId", "total", "enabled") VALUES (NEW."teamId", 1, CASE WHEN NEW."isEnabled" THEN 1 ELSE 0 END)
    ON CONFLICT ("teamId") DO UPDATE SET "total" = "total" + 1, "enabled" = "enabled" + excluded."enabled";
END;

-- A new user's personal team, whoever creates the user (registration, single sign-on, a script).
CREATE TRIGGER "User_personal_team" AFTER INSERT ON "User" BEGIN
  INSERT INTO "Team" ("id", "name", "personalOfId", "createdAt", "updatedAt") VALUES (NEW."id", COALESCE(NEW."name", NEW."email"), NEW."id", strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));
  INSERT INTO "Membership" ("teamId", "userId", "role", "createdAt") VALUES (NEW."id", NEW."id", 'owner', strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));
END;
