-- AlterTable
ALTER TABLE "Workflow" ADD COLUMN "liveVersionId" TEXT;
ALTER TABLE "Workflow" ADD COLUMN "liveSince" DATETIME;
ALTER TABLE "Workflow" ADD COLUMN "liveById" TEXT;

-- Existing workflows keep starting what they started before: their latest published version.
UPDATE "Workflow" SET
  "liveVersionId" = (SELECT v."id" FROM "WorkflowVersion" v WHERE v."workflowId" = "Workflow"."id" AND v."published" = 1 ORDER BY v."version" DESC LIMIT 1),
  "liveSince" = (SELECT v."createdAt" FROM "WorkflowVersion" v WHERE v."workflowId" = "Workflow"."id" AND v."published" = 1 ORDER BY v."version" DESC LIMIT 1),
  "liveById" = (SELECT v."authorId" FROM "WorkflowVersion" v WHERE v."workflowId" = "Workflow"."id" AND v."published" = 1 ORDER BY v."version" DESC LIMIT 1);
