-- AlterTable
ALTER TABLE "Workflow" ADD COLUMN "liveVersionId" TEXT,
ADD COLUMN "liveSince" TIMESTAMP(3),
ADD COLUMN "liveById" TEXT;

-- Existing workflows keep starting what they started before: their latest published version.
UPDATE "Workflow" w SET "liveVersionId" = v."id", "liveSince" = v."createdAt", "liveById" = v."authorId"
FROM (
  SELECT DISTINCT ON ("workflowId") "id", "workflowId", "createdAt", "authorId"
  FROM "WorkflowVersion" WHERE "published" = true ORDER BY "workflowId", "version" DESC
) v
WHERE v."workflowId" = w."id";
