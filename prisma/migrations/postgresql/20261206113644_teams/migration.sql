-- Teams own schedules (and so their runs). Every user has a personal team, which they own, and its id
-- is the user's id (the trigger User_personal_team below makes it so for new users, whoever
-- creates them). Existing users get theirs here, and their schedules move to it. Instants are
-- UTC, as Prisma stores DateTime. Function bodies spell their semicolons as \073, because Prisma's
-- migration engine splits files at every semicolon (see migration schedule_change_notify).

-- CreateEnum
CREATE TYPE "TeamRole" AS ENUM ('viewer', 'editor', 'admin', 'owner');

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "personalOfId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "TeamRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_personalOfId_key" ON "Team"("personalOfId");

-- CreateIndex
CREATE INDEX "Membership_userId_idx" ON "Membership"("userId");

-- Every existing user's personal team, and its owner.
INSERT INTO "Team" ("id", "name", "personalOfId", "createdAt", "updatedAt")
  SELECT "id", COALESCE("name", "email"), "id", (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM "User";
INSERT INTO "Membership" ("teamId", "userId", "role", "createdAt")
  SELECT "id", "id", 'owner', (now() AT TIME ZONE 'UTC') FROM "User";

-- Schedules move from their user to that user's personal team (the same id), and remember who
-- created them. A rename keeps every row and its runs in place.
ALTER TABLE "Schedule" DROP CONSTRAINT "Schedule_userId_fkey";
DROP INDEX "Schedule_userId_nameKey_name_idx";
DROP INDEX "Schedule_userId_isEnabled_nameKey_name_idx";
DROP INDEX "Schedule_userId_name_key";
ALTER TABLE "Schedule" RENAME COLUMN "userId" TO "teamId";
ALTER TABLE "Schedule" ADD COLUMN "createdById" TEXT;
UPDATE "Schedule" SET "createdById" = "teamId";

-- The counts, per team now.
ALTER TABLE "ScheduleCount" DROP CONSTRAINT "ScheduleCount_userId_fkey";
ALTER TABLE "ScheduleCount" RENAME COLUMN "userId" TO "teamId";

-- CreateIndex
CREATE INDEX "Schedule_teamId_nameKey_name_idx" ON "Schedule"("teamId", "nameKey", "name");

-- CreateIndex
CREATE INDEX "Schedule_teamId_isEnabled_nameKey_name_idx" ON "Schedule"("teamId", "isEnabled", "nameKey", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_teamId_name_key" ON "Schedule"("teamId", "name");

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_personalOfId_fkey" FOREIGN KEY ("personalOfId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Schedule" ADD CONSTRAINT "Schedule_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduleCount" ADD CONSTRAINT "ScheduleCount_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The counts' trigger function, per team (its triggers follow the renamed column by themselves).
CREATE OR REPLACE FUNCTION "almanac_schedule_counts"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN
  IF TG_OP <> ''INSERT'' THEN
    UPDATE "ScheduleCount" SET "total" = "total" - 1, "enabled" = "enabled" - (CASE WHEN OLD."isEnabled" THEN 1 ELSE 0 END) WHERE "teamId" = OLD."teamId"\073
  END IF\073
  IF TG_OP <> ''DELETE'' THEN
    INSERT INTO "ScheduleCount" ("teamId", "total", "enabled") VALUES (NEW."teamId", 1, CASE WHEN NEW."isEnabled" THEN 1 ELSE 0 END)
      ON CONFLICT ("teamId") DO UPDATE SET "total" = "ScheduleCount"."total" + 1, "enabled" = "ScheduleCount"."enabled" + EXCLUDED."enabled"\073
  ELSE
    INSERT INTO "ScheduleTombstone" ("scheduleId", "deletedAt") VALUES (OLD."id", clock_timestamp() AT TIME ZONE ''UTC'')
      ON CONFLICT ("scheduleId") DO UPDATE SET "deletedAt" = EXCLUDED."deletedAt"\073
  END IF\073
  RETURN NULL\073
END';

-- A new user's personal team, whoever creates the user (registration, single sign-on, a script).
CREATE OR REPLACE FUNCTION "almanac_personal_team"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO "Team" ("id", "name", "personalOfId", "createdAt", "updatedAt")
    VALUES (NEW."id", COALESCE(NEW."name", NEW."email"), NEW."id", now() AT TIME ZONE ''UTC'', now() AT TIME ZONE ''UTC'')\073
  INSERT INTO "Membership" ("teamId", "userId", "role", "createdAt") VALUES (NEW."id", NEW."id", ''owner'', now() AT TIME ZONE ''UTC'')\073
  RETURN NULL\073
END';

CREATE TRIGGER "User_personal_team" AFTER INSERT ON "User"
  FOR EACH ROW EXECUTE FUNCTION "almanac_personal_team"();
