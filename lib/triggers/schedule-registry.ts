// The schedule part of the trigger registry: at publish, the version's schedule triggers become
// Schedule rows (lib/db/schedule-store), in the publish transaction. A cron or time zone that croner
// refuses blocks the publish (invalid_graph, naming the field), so a registered schedule always fires.
import { DomainError } from "@/lib/errors/domain-error";
import type { WorkflowGraph } from "@/lib/model/graph-schema";
import { scheduleTriggerSchema, triggersSchema, type ScheduleTrigger } from "@/lib/model/triggers";
import type { Problem } from "@/lib/model/validation/problem";
import { syncSchedulesTx } from "@/lib/db/schedule-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { firstFireAt } from "./schedule-plan";
import { timingKey, timingProblem } from "./schedule-spec";

/** The enabled schedule triggers of a graph's Start node, with their index among its triggers. */
export function scheduleTriggersOf(graph: WorkflowGraph): { trigger: ScheduleTrigger; index: number; nodeId: string }[] {
  const start = graph.nodes.find((n) => n.kind === "start");
  if (!start) return [];
  const triggers = triggersSchema.parse((start.config as { triggers?: unknown }).triggers ?? []);
  return triggers.flatMap((t, index) => (t.kind === "schedule" && t.enabled ? [{ trigger: t, index, nodeId: start.id }] : []));
}

/** A stored spec, parsed again (JSON columns are a boundary too). */
export function readScheduleSpec(spec: unknown): ScheduleTrigger {
  return scheduleTriggerSchema.parse(spec);
}

export function scheduleProblems(graph: WorkflowGraph): Problem[] {
  return scheduleTriggersOf(graph).flatMap(({ trigger, index, nodeId }) => {
    const why = timingProblem(trigger);
    if (why === null) return [];
    const field = trigger.cron !== undefined ? "cron" : "intervalSeconds";
    return [
      { severity: "error" as const, code: "invalid_config" as const, message: why, nodeId, path: `config.triggers.${index}.${field}` },
    ];
  });
}

/** Throws invalid_graph when a schedule of the graph could never be registered. */
export function assertSchedulesRegistrable(graph: WorkflowGraph): void {
  const problems = scheduleProblems(graph);
  if (problems.length) {
    throw new DomainError(
      "invalid_graph",
      `Fix ${problems.length} schedule problem${problems.length === 1 ? "" : "s"} before publishing.`,
      {
        problems,
      },
    );
  }
}

/** Register the live version's schedules inside the transaction that makes it live (publish or promote / roll back). */
export async function syncScheduleRegistryTx(
  q: SqlQuery,
  dialect: SqlDb["dialect"],
  v: { workflowId: string; versionId: string; graph: WorkflowGraph },
): Promise<void> {
  assertSchedulesRegistrable(v.graph);
  await syncSchedulesTx(q, dialect, {
    workflowId: v.workflowId,
    versionId: v.versionId,
    schedules: scheduleTriggersOf(v.graph).map(({ trigger }) => ({ triggerId: trigger.id, spec: trigger, specKey: timingKey(trigger) })),
    firstFireAt: (spec, anchorMs, nowMs) => firstFireAt(readScheduleSpec(spec), anchorMs, nowMs),
  });
}
