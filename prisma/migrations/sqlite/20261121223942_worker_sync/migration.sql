-- AlterTable
ALTER TABLE "Run" ADD COLUMN "runAfter" DATETIME;

-- CreateTable
CREATE TABLE "ScheduleTombstone" (
    "scheduleId" TEXT NOT NULL PRIMARY KEY,
    "deletedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ScheduleTombstone_deletedAt_idx" ON "ScheduleTombstone"("deletedAt");

-- CreateIndex
CREATE INDEX "Run_status_runAfter_idx" ON "Run"("status", "runAfter");
