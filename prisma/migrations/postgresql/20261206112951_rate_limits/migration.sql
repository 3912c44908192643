-- CreateTable
CREATE TABLE "RateLimit" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "windowStartMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("scope","key")
);

-- CreateIndex
CREATE INDEX "RateLimit_windowStartMs_idx" ON "RateLimit"("windowStartMs");
