-- CreateTable
CREATE TABLE "RateLimit" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "windowStartMs" REAL NOT NULL,

    PRIMARY KEY ("scope", "key")
);

-- CreateIndex
CREATE INDEX "RateLimit_windowStartMs_idx" ON "RateLimit"("windowStartMs");
