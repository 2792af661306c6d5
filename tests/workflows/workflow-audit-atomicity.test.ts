// Publish, restore and delete commit with their audit record or not at all: a failure while the
// record is appended (injected in-process) or a SIGKILL of the publishing process between the
// version insert and the audit append leaves no version, no draft change and no record behind.
import { afterAll, beforeAll, expect, it } from "vitest";
import { spawn } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { verifyChain } from "@/lib/db/audit-store";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, deleteWorkflow, getWorkflow, publishWorkflow, restoreVersion, saveDraft } from "@/lib/workflows/workflow-service";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";
import { beforeAuditAppend } from "./helpers/audit-fault";
import { TSX, tsxArgs } from "../helpers/tsx";

const ROOT = path.resolve(__dirname, "../..");
const CHILD = path.join(__dirname, "helpers/publish-then-die.ts");

function withTransform(expression: string): DraftGraph {
  const graph = defaultGraph();
  const t = createNode("transform", { id: "t1", name: "Shape", position: { x: 0, y: 80 } });
  t.config.expression = expression;
  return {
    ...graph,
    nodes: [...graph.nodes, t],
    edges: [
      { id: "a", source: "start", sourceHandle: "out", target: "t1", targetHandle: "in" },
      { id: "b", source: "t1", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, tsxArgs(CHILD), { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    child.stderr.on("data", (b: Buffer) => (out += b.toString()));
    child.on("exit", (code, signal) => resolve({ code, signal, out }));
  });
}

describeEachDb("workflow changes and their audit records commit together", (dialect) => {
  let db: TestDatabase;
  const userId = randomUUID();
  const actor = { id: userId, authMethod: "session" as const };
  const count = async (sqlText: string, params: string[]) => Number((await db.sql.all<{ n: number }>(sqlText, params))[0].n);
  const versions = (id: string) => count(`SELECT COUNT(*) AS "n" FROM "WorkflowVersion" WHERE "workflowId"=?`, [id]);
  const audits = (id: string) => count(`SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "targetId"=?`, [id]);
  const failing = () => ({
    ...db,
    sql: beforeAuditAppend(db.sql, async () => {
      throw new Error("audit append failed");
    }),
  });

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await db.prisma.user.create({ data: { id: userId, name: "Dana", email: `${userId}@example.com`, role: "designer" } });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it("a failing audit append undoes the publish, the restore and the delete", async () => {
    const { id } = await createWorkflow(db, { name: "Atomic", description: "", graph: withTransform("$.input") }, userId);
    await expect(publishWorkflow(failing(), id, { message: "lost" }, actor)).rejects.toThrow("audit append failed");
    expect(await versions(id)).toBe(0);

    await publishWorkflow(db, id, { message: "v1" }, actor);
    await saveDraft(db, id, { graph: withTransform("$.input.amount"), expectedRevision: 0 }, userId);
    await expect(restoreVersion(failing(), id, 1, actor)).rejects.toThrow("audit append failed");
    const draft = (await getWorkflow(db, id)).draft;
    expect(draft.revision).toBe(1);
    expect(JSON.stringify(draft.graph)).toContain("$.input.amount");

    await expect(deleteWorkflow(failing(), id, actor)).rejects.toThrow("audit append failed");
    expect((await getWorkflow(db, id)).name).toBe("Atomic");

    expect(await versions(id)).toBe(1);
    expect(await audits(id)).toBe(1); // only the successful publish
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });

  it("a process killed between the version insert and its audit record leaves neither", { timeout: 60_000 }, async () => {
    const { id } = await createWorkflow(db, { name: "Killed", description: "", graph: withTransform("$.input") }, userId);
    const child = await runChild({ DATABASE_URL: db.url, WORKFLOW_ID: id, USER_ID: userId });
    // tsx runs the script in a node child and reports its SIGKILL as exit code 137.
    expect(child.signal === "SIGKILL" || child.code === 137, `${child.code} ${child.signal} ${child.out}`).toBe(true);
    expect(child.out).not.toContain("published");
    expect(child.out).toContain("versions inside the transaction: 1");
    expect(await versions(id)).toBe(0);
    expect(await audits(id)).toBe(0);
    // The next publish takes version 1 and audits it; the chain is intact.
    const v = await publishWorkflow(db, id, { message: "after the crash" }, actor);
    expect(v.version.version).toBe(1);
    expect(await audits(id)).toBe(1);
    expect((await verifyChain(db.sql)).ok).toBe(true);
  });
});
