-- CreateTable
CREATE TABLE "ScheduleCount" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "total" INTEGER NOT NULL DEFAULT 0,
    "enabled" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ScheduleCount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Schedule_userId_isEnabled_nameKey_name_idx" ON "Schedule"("userId", "isEnabled", "nameKey", "name");

-- The counts the list shows (ScheduleCount) and the tombstones workers sync deletes from are
-- kept by triggers, in the transaction of the write that changes them, whoever writes (the API,
-- the assistant, a cascade from a deleted user, a script). A migration that rebuilds "Schedule"
-- drops its triggers with it and must create them again (__tests__/db/schedule-counts checks).
INSERT INTO "ScheduleCount" ("userId", "total", "enabled")
  SELECT "userId", COUNT(*), SUM(CASE WHEN "isEnabled" THEN 1 ELSE 0 END) FROM "Schedule" GROUP BY "userId";

CREATE TRIGGER "Schedule_counts_insert" AFTER INSERT ON "Schedule" BEGIN
  INSERT INTO "ScheduleCount" ("userId", "total", "enabled") VALUES (NEW."userId", 1, CASE WHEN NEW."isEnabled" THEN 1 ELSE 0 END)
    ON CONFLICT ("userId") DO UPDATE SET "total" = "total" + 1, "enabled" = "enabled" + excluded."enabled";
END;

CREATE TRIGGER "Schedule_counts_delete" AFTER DELETE ON "Schedule" BEGIN
  UPDATE "ScheduleCount" SET "total" = "total" - 1, "enabled" = "enabled" - (CASE WHEN OLD."isEnabled" THEN 1 ELSE 0 END) WHERE "userId" = OLD."userId";
  -- The format Prisma stores DateTime in on SQLite, so that workers' "deletedAt > ?" compares alike.
  INSERT INTO "ScheduleTombstone" ("scheduleId", "deletedAt") VALUES (OLD."id", strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'))
    ON CONFLICT ("scheduleId") DO UPDATE SET "deletedAt" = excluded."deletedAt";
END;

CREATE TRIGGER "Schedule_counts_update" AFTER UPDATE OF "isEnabled", "userId" ON "Schedule"
  WHEN OLD."isEnabled" IS NOT NEW."isEnabled" OR OLD."userId" IS NOT NEW."userId" BEGIN
  UPDATE "ScheduleCount" SET "total" = "total" - 1, "enabled" = "enabled" - (CASE WHEN OLD."isEnabled" THEN 1 ELSE 0 END) WHERE "userId" = OLD."userId";
  INSERT INTO "ScheduleCount" ("userId", "total", "enabled") VALUES (NEW."userId", 1, CASE WHEN NEW."isEnabled" THEN 1 ELSE 0 END)
    ON CONFLICT ("userId") DO UPDATE SET "total" = "total" + 1, "enabled" = "enabled" + excluded."enabled";
END;
