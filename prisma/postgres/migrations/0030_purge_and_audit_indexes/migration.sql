-- switchyard:no-transaction
-- The retention purge picks a workflow's oldest expired runs (lib/db/retention-store.ts). With the
-- (workflowId, status, createdAt) index it read every finished run of the workflow and sorted them
-- for each batch; this index is a range read that stops at the batch. Built CONCURRENTLY, outside a
-- transaction (lib/db/migrate.ts): runs are written while it builds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "Run_workflowId_finishedAtMs_idx" ON "Run"("workflowId", "finishedAtMs");

-- The audit page filtered by actor and action together walked the actor's whole range of the
-- (actorId, id) index when the pair was rare. One range of this index, newest first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "AuditEvent_actorId_action_id_idx" ON "AuditEvent"("actorId", "action", "id");
