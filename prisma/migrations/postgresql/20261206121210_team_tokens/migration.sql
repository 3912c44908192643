-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "role" "TeamRole",
ADD COLUMN     "teamId" TEXT;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Tokens made before teams move to their user's personal team (its id is the user's).
UPDATE "ApiToken" SET "teamId" = "userId";
