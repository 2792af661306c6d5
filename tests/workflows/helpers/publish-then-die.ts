// A child process (run with tsx) that publishes WORKFLOW_ID as USER_ID and SIGKILLs itself inside the
// publish transaction, after the version row was inserted and before its audit record is appended.
// It prints how many versions its own transaction sees at that moment.
import { openDatabase } from "@/lib/db/connection";
import { publishWorkflow } from "@/lib/workflows/workflow-service";
import { beforeAuditAppend } from "./audit-fault";

async function main(): Promise<void> {
  const { DATABASE_URL: url, WORKFLOW_ID: workflowId, USER_ID: userId } = process.env;
  if (!url || !workflowId || !userId) throw new Error("DATABASE_URL, WORKFLOW_ID and USER_ID are required");
  const db = openDatabase(url, { poolMax: 2 });
  const sql = beforeAuditAppend(db.sql, async (q) => {
    const seen = await q.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "WorkflowVersion" WHERE "workflowId"=?`, [workflowId]);
    process.stdout.write(`versions inside the transaction: ${Number(seen[0].n)}\n`);
    process.kill(process.pid, "SIGKILL");
    await new Promise(() => undefined); // never continue past the kill
  });
  await publishWorkflow({ ...db, sql }, workflowId, { message: "doomed" }, { id: userId, authMethod: "session" });
  process.stdout.write("published (the kill did not happen)\n");
  await db.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
