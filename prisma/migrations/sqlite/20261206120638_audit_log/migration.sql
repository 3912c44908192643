-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorType" TEXT NOT NULL,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "targetName" TEXT,
    "changes" JSONB,
    CONSTRAINT "AuditEvent_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_at_id_idx" ON "AuditEvent"("teamId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_action_at_id_idx" ON "AuditEvent"("teamId", "action", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_teamId_targetId_at_id_idx" ON "AuditEvent"("teamId", "targetId", "at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");
