-- CreateTable
CREATE TABLE "McpServer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "url" TEXT NOT NULL DEFAULT '',
    "command" TEXT NOT NULL DEFAULT '',
    "credentialId" TEXT,
    "tools" TEXT NOT NULL DEFAULT '[]',
    "toolsFetchedAtMs" DOUBLE PRECISION,
    "toolsError" TEXT,
    "createdById" TEXT,
    "createdAtMs" DOUBLE PRECISION NOT NULL,
    "updatedAtMs" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "McpServer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "McpServer_name_key" ON "McpServer"("name");

-- CreateTable
CREATE TABLE "McpCallStart" (
    "runId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "atMs" DOUBLE PRECISION NOT NULL,
    "deliveries" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "McpCallStart_pkey" PRIMARY KEY ("runId","stepKey","seq")
);
