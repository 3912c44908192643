-- AlterTable
ALTER TABLE "Schedule" ADD COLUMN "pingKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Schedule_pingKey_key" ON "Schedule"("pingKey");
