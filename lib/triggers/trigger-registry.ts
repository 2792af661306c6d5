// The trigger registry written at publish: each trigger kind of the version's Start node gets its
// rows in the publish transaction, so what fires is always what the live version declares.
import type { WorkflowGraph } from "@/lib/model/graph-schema";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { syncScheduleRegistryTx } from "./schedule-registry";

export async function syncTriggerRegistryTx(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  v: { workflowId: string; versionId: string; graph: WorkflowGraph },
): Promise<void> {
  await syncScheduleRegistryTx(q, dialect, v);
}
