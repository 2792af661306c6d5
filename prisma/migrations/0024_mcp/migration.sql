-- CreateTable
CREATE TABLE "McpServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "url" TEXT NOT NULL DEFAULT '',
    "command" TEXT NOT NULL DEFAULT '',
    "credentialId" TEXT,
    "tools" TEXT NOT NULL DEFAULT '[]',
    "toolsFetchedAtMs" REAL,
    "toolsError" TEXT,
    "createdById" TEXT,
    "createdAtMs" REAL NOT NULL,
    "updatedAtMs" REAL NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "McpServer_name_key" ON "McpServer"("name");

-- CreateTable
CREATE TABLE "McpCallStart" (
    "runId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "atMs" REAL NOT NULL,
    "deliveries" INTEGER NOT NULL DEFAULT 1,

    PRIMARY KEY ("runId", "stepKey", "seq")
);
