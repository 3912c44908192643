-- CreateTable
CREATE TABLE "ScheduleCount" (
    "userId" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "enabled" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ScheduleCount_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "Schedule_userId_isEnabled_nameKey_name_idx" ON "Schedule"("userId", "isEnabled", "nameKey", "name");

-- AddForeignKey
ALTER TABLE "ScheduleCount" ADD CONSTRAINT "ScheduleCount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The counts the list shows (ScheduleCount) and the tombstones workers sync deletes from are
-- kept by triggers, in the transaction of the write that changes them, whoever writes (the API,
-- the assistant, a cascade from a deleted user, a script). On PostgreSQL the upsert of a user's
-- count row also locks it until commit, which serializes that user's creates (the per-user limit
-- check in lib/schedules relies on it). Prisma's migration engine splits files at every
-- semicolon, so the function body spells its semicolons as \073 in an E-string (see the
-- schedule_change_notify migration). Deleted-at is UTC, as Prisma stores DateTime.
INSERT INTO "ScheduleCount" ("userId", "total", "enabled")
  SELECT "userId", COUNT(*), SUM(CASE WHEN "isEnabled" THEN 1 ELSE 0 END) FROM "Schedule" GROUP BY "userId";

CREATE OR REPLACE FUNCTION "almanac_schedule_counts"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP <> ''INSERT'' THEN
    UPDATE "ScheduleCount" SET "total" = "total" - 1, "enabled" = "enabled" - (CASE WHEN OLD."isEnabled" THEN 1 ELSE 0 END) WHERE "userId" = OLD."userId"\073
  END IF\073
  IF TG_OP <> ''DELETE'' THEN
    INSERT INTO "ScheduleCount" ("userId", "total", "enabled") VALUES (NEW."userId", 1, CASE WHEN NEW."isEnabled" THEN 1 ELSE 0 END)
      ON CONFLICT ("userId") DO UPDATE SET "total" = "ScheduleCount"."total" + 1, "enabled" = "ScheduleCount"."enabled" + EXCLUDED."enabled"\073
  ELSE
    INSERT INTO "ScheduleTombstone" ("scheduleId", "deletedAt") VALUES (OLD."id", clock_timestamp() AT TIME ZONE ''UTC'')
      ON CONFLICT ("scheduleId") DO UPDATE SET "deletedAt" = EXCLUDED."deletedAt"\073
  END IF\073
  RETURN NULL\073
END';

CREATE TRIGGER "Schedule_counts_insert_delete" AFTER INSERT OR DELETE ON "Schedule"
  FOR EACH ROW EXECUTE FUNCTION "almanac_schedule_counts"();

CREATE TRIGGER "Schedule_counts_update" AFTER UPDATE OF "isEnabled", "userId" ON "Schedule"
  FOR EACH ROW WHEN (OLD."isEnabled" IS DISTINCT FROM NEW."isEnabled" OR OLD."userId" IS DISTINCT FROM NEW."userId")
  EXECUTE FUNCTION "almanac_schedule_counts"();
