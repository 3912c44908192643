-- AlterTable
ALTER TABLE "Run" ADD COLUMN "teamId" TEXT;

-- A run's team is its schedule's (a schedule never changes team), kept on the run so that the
-- runs list walks one team's runs newest first on an index instead of sorting the whole history
-- of the team's schedules on every page. A trigger copies it, whoever inserts the run (the
-- workers' claims, retries, manual runs, heartbeat pings, a script), in the insert's transaction.
-- SQLite cannot change NEW in a BEFORE trigger, so the row is updated right after its insert.
-- A migration that rebuilds "Run" drops this trigger with it and must create it again.
UPDATE "Run" SET "teamId" = (SELECT "teamId" FROM "Schedule" WHERE "Schedule"."id" = "Run"."scheduleId");

-- CreateIndex
CREATE INDEX "Run_teamId_createdAt_id_idx" ON "Run"("teamId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_teamId_status_createdAt_id_idx" ON "Run"("teamId", "status", "createdAt", "id");

CREATE TRIGGER "Run_team" AFTER INSERT ON "Run" BEGIN
  UPDATE "Run" SET "teamId" = (SELECT "teamId" FROM "Schedule" WHERE "id" = NEW."scheduleId") WHERE "rowid" = NEW."rowid";
END;
