-- Audit trail: indexes for the filters (action, actor) walked newest first by id, and signed checkpoints.
CREATE INDEX "AuditEvent_action_id_idx" ON "AuditEvent"("action", "id");
CREATE INDEX "AuditEvent_actorId_id_idx" ON "AuditEvent"("actorId", "id");

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "seq" INTEGER NOT NULL,
    "headHash" TEXT NOT NULL,
    "atMs" REAL NOT NULL,
    "signature" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "actorId" TEXT
);
CREATE INDEX "AuditCheckpoint_seq_idx" ON "AuditCheckpoint"("seq");
