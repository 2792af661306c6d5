// Graphs with Wait for event / Wait for callback steps, and small waits on the database, for the events
// and callbacks tests and the bench.
import type { SqlDb } from "@/lib/db/sql";
import { graph } from "@/tests/engine/helpers/graph";

/** start → wait (event, correlated on $.input.orderId) → end (out) | late (timeout). */
export function waitEventGraph(
  opts: {
    event?: string;
    timeoutMs?: number;
    outputSchema?: Record<string, unknown>;
    triggers?: unknown[];
    inputSchema?: Record<string, unknown>;
  } = {},
) {
  const b = graph();
  const startConfig = {
    ...(opts.triggers ? { triggers: opts.triggers } : {}),
    ...(opts.inputSchema ? { inputSchema: opts.inputSchema } : {}),
  };
  b.node({ id: "start", kind: "start", name: "Start", config: startConfig });
  return b
    .node({
      id: "wait",
      kind: "wait_event",
      config: {
        event: opts.event ?? "order.paid",
        correlation: "$.input.orderId",
        ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts.outputSchema ? { outputSchema: opts.outputSchema } : {}),
      },
    })
    .end("end", "{ 'paid': $.steps.wait.output }")
    .end("late", "{ 'late': true }")
    .edge("start", "wait")
    .edge("wait", "end")
    .edge("wait", "late", "timeout")
    .build();
}

/** start → cb (wait_callback) → end (out) | late (timeout). */
export function waitCallbackGraph(opts: { timeoutMs?: number; bodySchema?: Record<string, unknown> } = {}) {
  return graph()
    .start()
    .node({
      id: "cb",
      kind: "wait_callback",
      config: { ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), ...(opts.bodySchema ? { bodySchema: opts.bodySchema } : {}) },
    })
    .end("end", "{ 'body': $.steps.cb.output }")
    .end("late", "{ 'late': true }")
    .edge("start", "cb")
    .edge("cb", "end")
    .edge("cb", "late", "timeout")
    .build();
}

export async function countWaiting(db: SqlDb, versionId: string, kind: string): Promise<number> {
  const rows = await db.all<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Step" s JOIN "Run" r ON r."id"=s."runId" WHERE r."versionId"=? AND s."kind"=? AND s."status"='waiting'`,
    [versionId, kind],
  );
  return Number(rows[0].n);
}

/** Poll until `n` steps of the version are waiting (the worker parked them). */
export async function untilWaiting(db: SqlDb, versionId: string, kind: string, n: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = await countWaiting(db, versionId, kind);
    if (c >= n) return;
    if (Date.now() > deadline) throw new Error(`${c}/${n} ${kind} steps waiting`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
