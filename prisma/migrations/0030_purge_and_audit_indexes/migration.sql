-- The retention purge picks a workflow's oldest expired runs (lib/db/retention-store.ts). With the
-- (workflowId, status, createdAt) index it read every finished run of the workflow and sorted them,
-- inside its write transaction, for each batch; this index is a range read that stops at the batch.
-- On SQLite an index build takes the write lock for its duration (docs/governance.md, Migrations).
CREATE INDEX "Run_workflowId_finishedAtMs_idx" ON "Run"("workflowId", "finishedAtMs");

-- The audit page filtered by actor and action together walked the actor's whole range of the
-- (actorId, id) index when the pair was rare (13 ms of CPU for 5,000 rows at 1,000,000; a system
-- actor has far more). One range of this index, newest first.
CREATE INDEX "AuditEvent_actorId_action_id_idx" ON "AuditEvent"("actorId", "action", "id");
