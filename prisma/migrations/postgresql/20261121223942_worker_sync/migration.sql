-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "runAfter" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ScheduleTombstone" (
    "scheduleId" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScheduleTombstone_pkey" PRIMARY KEY ("scheduleId")
);

-- CreateIndex
CREATE INDEX "ScheduleTombstone_deletedAt_idx" ON "ScheduleTombstone"("deletedAt");

-- CreateIndex
CREATE INDEX "Run_status_runAfter_idx" ON "Run"("status", "runAfter");
