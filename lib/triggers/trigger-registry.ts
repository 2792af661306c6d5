// The trigger registry written when a version becomes live (publish with "make live", promote, roll
// back): each trigger kind of the version's Start node gets its rows in that transaction, so what
// fires is always what the live version declares.
import type { WorkflowGraph } from "@/lib/model/graph-schema";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { assertSchedulesRegistrable, syncScheduleRegistryTx } from "./schedule-registry";

/** Throws invalid_graph when the graph's triggers could not be registered (checked for versions published without going live). */
export function assertTriggersRegistrable(graph: WorkflowGraph): void {
  assertSchedulesRegistrable(graph);
}

export async function syncTriggerRegistryTx(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  v: { workflowId: string; versionId: string; graph: WorkflowGraph },
): Promise<void> {
  await syncScheduleRegistryTx(q, dialect, v);
}
