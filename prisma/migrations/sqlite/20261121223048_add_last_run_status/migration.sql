-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN "lastRunStatus" TEXT;
