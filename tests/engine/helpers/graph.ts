// Small builders for workflow graphs and versions used by the engine tests and benchmarks.
import { randomUUID } from "node:crypto";
import type { SqlDb } from "@/lib/db/sql";
import { nodeKinds } from "@/lib/model/node-kinds";

export interface NodeSpec {
  id: string;
  kind: string;
  name?: string;
  config?: Record<string, unknown>;
  retry?: Record<string, unknown>;
  timeoutMs?: number;
  nonIdempotent?: boolean;
  undo?: string;
}

export class GraphBuilder {
  nodes: Record<string, unknown>[] = [];
  edges: Record<string, unknown>[] = [];

  node(spec: NodeSpec): this {
    this.nodes.push({
      id: spec.id,
      name: spec.name ?? spec.id,
      kind: spec.kind,
      position: { x: 0, y: this.nodes.length * 100 },
      config: spec.config ?? {},
      ...(spec.retry ? { retry: spec.retry } : {}),
      ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
      ...(spec.nonIdempotent ? { nonIdempotent: true } : {}),
      ...(spec.undo ? { undo: spec.undo } : {}),
    });
    return this;
  }

  start(inputSchema?: Record<string, unknown>): this {
    return this.node({ id: "start", kind: "start", name: "Start", config: inputSchema ? { inputSchema } : {} });
  }

  transform(id: string, expression: string): this {
    return this.node({ id, kind: "transform", config: { expression } });
  }

  /** An agent node with the kind's defaults and a one-word prompt (tests replace the model runtime). */
  agent(id: string): this {
    return this.node({ id, kind: "agent", config: { ...nodeKinds.agent.defaults, user: "hi" } });
  }

  end(id = "end", output = "$.steps"): this {
    return this.node({ id, kind: "end", config: { output } });
  }

  edge(source: string, target: string, sourceHandle = "out"): this {
    this.edges.push({ id: `e${this.edges.length}_${source}_${target}`, source, sourceHandle, target, targetHandle: "in" });
    return this;
  }

  /** The edge closing a Loop/Map body: from the body's last step back to the container's `loop` input. */
  back(source: string, container: string, sourceHandle = "out"): this {
    this.edges.push({
      id: `e${this.edges.length}_${source}_${container}_back`,
      source,
      sourceHandle,
      target: container,
      targetHandle: "loop",
    });
    return this;
  }

  chain(...ids: string[]): this {
    for (let i = 0; i + 1 < ids.length; i++) this.edge(ids[i], ids[i + 1]);
    return this;
  }

  build(): Record<string, unknown> {
    return { schemaVersion: 1, nodes: this.nodes, edges: this.edges };
  }
}

export const graph = () => new GraphBuilder();

/** Insert a workflow (if needed) and a new published version, made live (as publish does by default); returns the version id. */
export async function publish(
  db: SqlDb,
  graphDoc: unknown,
  workflowId: string = randomUUID(),
): Promise<{ workflowId: string; versionId: string; version: number }> {
  const now = new Date().toISOString();
  const createdAt = db.dialect === "sqlite" ? now.replace("Z", "+00:00") : now;
  const existing = await db.all<{ id: string }>(`SELECT "id" FROM "Workflow" WHERE "id"=?`, [workflowId]);
  if (!existing.length) {
    await db.run(`INSERT INTO "Workflow" ("id","name","draftGraph","createdAt","updatedAt") VALUES (?,?,?,?,?)`, [
      workflowId,
      `wf ${workflowId.slice(0, 6)}`,
      JSON.stringify(graphDoc),
      createdAt,
      createdAt,
    ]);
  }
  const v = await db.all<{ m: number | null }>(`SELECT MAX("version") AS m FROM "WorkflowVersion" WHERE "workflowId"=?`, [workflowId]);
  const version = Number(v[0]?.m ?? 0) + 1;
  const versionId = randomUUID();
  await db.run(
    `INSERT INTO "WorkflowVersion" ("id","workflowId","version","graph","schemaVersion","published","createdAt") VALUES (?,?,?,?,1,?,?)`,
    [versionId, workflowId, version, JSON.stringify(graphDoc), true, createdAt],
  );
  await db.run(`UPDATE "Workflow" SET "liveVersionId"=?, "liveSince"=? WHERE "id"=?`, [versionId, createdAt, workflowId]);
  return { workflowId, versionId, version };
}

/** A 10-node transform chain: start → t1..t8 → end. */
export function transformChain(n = 8): Record<string, unknown> {
  const b = graph().start();
  const ids = ["start"];
  for (let i = 1; i <= n; i++) {
    b.transform(`t${i}`, i === 1 ? "{ 'n': 1 }" : `{ 'n': $.steps.t${i - 1}.output.n + 1 }`);
    ids.push(`t${i}`);
  }
  b.end("end", `$.steps.t${n}.output`);
  ids.push("end");
  return b.chain(...ids).build();
}

/** start → agent → end, the end returning the agent's output (its `ok` handle). */
export function singleAgentGraph(): Record<string, unknown> {
  return graph().start().agent("agent").end("end", "$.steps.agent.output").edge("start", "agent").edge("agent", "end", "ok").build();
}
