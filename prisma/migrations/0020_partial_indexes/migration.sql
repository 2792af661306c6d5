-- Indexes on columns that most rows leave NULL become partial, so writing a run or a step that has no
-- wait key, no data subject, no outcome or no finish time touches no page of them. Every query that
-- uses them compares the column with a value (`= ?`, `IN`, `<`) or asks for IS NOT NULL, which implies
-- the index's condition on both databases. Prisma's schema cannot express WHERE on an index; the
-- @@index lines in schema.prisma stay as documentation.
DROP INDEX "Step_waitKey_status_idx";
CREATE INDEX "Step_waitKey_status_idx" ON "Step"("waitKey", "status") WHERE "waitKey" IS NOT NULL;
DROP INDEX "Run_subjectHash_idx";
CREATE INDEX "Run_subjectHash_idx" ON "Run"("subjectHash") WHERE "subjectHash" IS NOT NULL;
DROP INDEX "Run_finishedAtMs_idx";
CREATE INDEX "Run_finishedAtMs_idx" ON "Run"("finishedAtMs") WHERE "finishedAtMs" IS NOT NULL;
DROP INDEX "Run_outcome_createdAt_idx";
CREATE INDEX "Run_outcome_createdAt_idx" ON "Run"("outcome", "createdAt") WHERE "outcome" IS NOT NULL;
-- Finished runs leave readyAtMs NULL and most steps never wait on a timer: the claim and timer indexes
-- then hold only the rows that can become ready, however much history accumulates.
DROP INDEX "Run_readyAtMs_idx";
CREATE INDEX "Run_readyAtMs_idx" ON "Run"("readyAtMs") WHERE "readyAtMs" IS NOT NULL;
DROP INDEX "Step_wakeAtMs_idx";
CREATE INDEX "Step_wakeAtMs_idx" ON "Step"("wakeAtMs") WHERE "wakeAtMs" IS NOT NULL;
