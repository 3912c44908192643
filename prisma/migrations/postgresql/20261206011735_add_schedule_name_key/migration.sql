-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN     "nameKey" TEXT NOT NULL DEFAULT '';

-- Backfill: nameKey is the name with A-Z lower-cased (lib/schedules/name-order.ts). translate()
-- folds exactly those 26 letters whatever the database's locale (lower() would fold more, or
-- fold differently under some locales, and disagree with the app). updatedAt stays as it is:
-- workers need not reload every schedule for a column they do not read.
UPDATE "Schedule" SET "nameKey" = translate("name", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');

-- CreateIndex
CREATE INDEX "Schedule_userId_nameKey_name_idx" ON "Schedule"("userId", "nameKey", "name");
