-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "teamId" TEXT;

-- A run's team is its schedule's (a schedule never changes team), kept on the run so that the
-- runs list walks one team's runs newest first on an index instead of sorting the whole history
-- of the team's schedules on every page. A trigger sets it before the row is written, whoever
-- inserts the run (the workers' claims, retries, manual runs, heartbeat pings, a script).
-- Prisma's migration engine splits files at every semicolon: the function body spells its
-- semicolons as \073 in an E-string (see the schedule_counts migration).
UPDATE "Run" SET "teamId" = "Schedule"."teamId" FROM "Schedule" WHERE "Schedule"."id" = "Run"."scheduleId";

-- CreateIndex
CREATE INDEX "Run_teamId_createdAt_id_idx" ON "Run"("teamId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_teamId_status_createdAt_id_idx" ON "Run"("teamId", "status", "createdAt", "id");

CREATE OR REPLACE FUNCTION "almanac_run_team"() RETURNS trigger
LANGUAGE plpgsql AS E'BEGIN
  NEW."teamId" := (SELECT "teamId" FROM "Schedule" WHERE "id" = NEW."scheduleId")\073
  RETURN NEW\073
END';

CREATE TRIGGER "Run_team" BEFORE INSERT ON "Run" FOR EACH ROW EXECUTE FUNCTION "almanac_run_team"();
