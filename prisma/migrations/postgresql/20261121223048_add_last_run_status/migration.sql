-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "lastRunStatus" "RunStatus";
