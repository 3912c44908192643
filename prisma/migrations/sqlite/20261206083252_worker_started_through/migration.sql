-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN "reapedAt" DATETIME;
ALTER TABLE "WorkerHeartbeat" ADD COLUMN "startedThrough" DATETIME;
