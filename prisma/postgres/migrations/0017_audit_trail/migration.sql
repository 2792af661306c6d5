-- Audit trail: indexes for the filters (action, actor) walked newest first by id, and signed checkpoints.
CREATE INDEX "AuditEvent_action_id_idx" ON "AuditEvent"("action", "id");
CREATE INDEX "AuditEvent_actorId_id_idx" ON "AuditEvent"("actorId", "id");

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "id" SERIAL NOT NULL,
    "seq" INTEGER NOT NULL,
    "headHash" TEXT NOT NULL,
    "atMs" DOUBLE PRECISION NOT NULL,
    "signature" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "actorId" TEXT,
    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "AuditCheckpoint_seq_idx" ON "AuditCheckpoint"("seq");

-- The audit table is append-only: UPDATE and DELETE are refused unless the transaction declared itself
-- audit maintenance (the retention purge) with SELECT set_config('switchyard.audit_maintenance', 'on', true).
-- Function bodies stay on one line: the migration runner splits statements at a semicolon ending a line.
CREATE FUNCTION "switchyard_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF coalesce(current_setting('switchyard.audit_maintenance', true), '') = 'on' THEN RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END; END IF; RAISE EXCEPTION 'AuditEvent is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege'; END $$;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "switchyard_audit_append_only"();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "switchyard_audit_append_only"();
CREATE TRIGGER "AuditCheckpoint_append_only" BEFORE UPDATE OR DELETE ON "AuditCheckpoint" FOR EACH ROW EXECUTE FUNCTION "switchyard_audit_append_only"();
