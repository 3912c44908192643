-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN     "reapedAt" TIMESTAMP(3),
ADD COLUMN     "startedThrough" TIMESTAMP(3);
