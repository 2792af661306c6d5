// Shared by the evaluation suites: a workflow start → Delay ($.input.wait ms) → End(output), its
// designer, and a loop that drives an evaluation sweeper pass by pass until a condition holds.
import { randomUUID } from "node:crypto";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { defaultGraph } from "@/lib/workflows/default-graph";
import { createWorkflow, getWorkflow, publishWorkflow, saveDraft } from "@/lib/workflows/workflow-service";
import { getEvaluation, type EvaluationRecord } from "@/lib/db/evaluation-store";
import type { EvaluationSweeper } from "@/lib/evaluations/evaluation-sweeper";
import type { Harness } from "@/tests/engine/helpers/engine";

export const designer = { id: randomUUID(), role: "designer" };
export const actor = { id: designer.id, authMethod: "session" as const };

export function sumDraft(output: string): DraftGraph {
  const g = defaultGraph();
  const delay = createNode("delay", { id: "wait", name: "Wait", position: { x: 0, y: 80 } });
  delay.config.durationMs = 0;
  delay.config.durationExpression = "$exists($.input.wait) ? $.input.wait : 0";
  const start = {
    ...g.nodes[0],
    config: {
      inputSchema: {
        type: "object",
        properties: { a: { type: "number" }, b: { type: "number" }, wait: { type: "integer" } },
        required: ["a", "b"],
      },
    },
  };
  const end = { ...g.nodes[1], config: { output } };
  return {
    ...g,
    nodes: [start, delay, end],
    edges: [
      { id: "a", source: "start", sourceHandle: "out", target: "wait", targetHandle: "in" },
      { id: "b", source: "wait", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  } as DraftGraph;
}

export const SUM = "{ 'sum': $.input.a + $.input.b }";
export const PRODUCT = "{ 'sum': $.input.a * $.input.b }";

export async function ensureDesigner(h: Harness): Promise<void> {
  if (!(await h.db.prisma.user.findUnique({ where: { id: designer.id } }))) {
    await h.db.prisma.user.create({
      data: { id: designer.id, name: "Eve Evaluator", email: `${designer.id}@example.com`, role: "designer" },
    });
  }
}

/** A workflow whose draft outputs `output`; published as v1 first when `published` is given. */
export async function sumWorkflow(h: Harness, output: string, published?: string): Promise<string> {
  await ensureDesigner(h);
  const wf = await createWorkflow(
    h.db,
    { name: `Eval ${randomUUID().slice(0, 6)}`, description: "", graph: sumDraft(published ?? output) },
    designer.id,
  );
  if (published !== undefined) {
    await publishWorkflow(h.db, wf.id, { message: "v1" }, actor);
    await setDraft(h, wf.id, output);
  }
  return wf.id;
}

export async function setDraft(h: Harness, workflowId: string, output: string): Promise<void> {
  const current = await getWorkflow(h.db, workflowId);
  await saveDraft(h.db, workflowId, { graph: sumDraft(output), expectedRevision: current.draft.revision }, designer.id);
}

/** Pass the sweeper until the evaluation satisfies `done` (or fail after `timeoutMs`). */
export async function driveUntil(
  h: Harness,
  sweeper: EvaluationSweeper,
  id: string,
  done: (e: EvaluationRecord) => boolean,
  timeoutMs = 20_000,
): Promise<EvaluationRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await sweeper.pass();
    const e = (await getEvaluation(h.db.sql, id))!;
    if (done(e)) return e;
    if (Date.now() > deadline) throw new Error(`evaluation ${id} is ${e.status} (${e.doneCount}/${e.rowCount})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
