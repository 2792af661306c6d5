// Task and Decision rows as the engine's records (raw SQL rows of either database).
import "server-only";
import type { DecisionRecord, TaskRecord } from "@/lib/engine/ports";
import { jsonColumn, num } from "./row-codec";
import type { Row } from "./sql";

export function rowToTask(r: Row, assignees: Row[]): TaskRecord {
  return {
    id: String(r.id),
    runId: String(r.runId),
    stepKey: String(r.stepKey),
    workflowId: String(r.workflowId),
    versionId: String(r.versionId),
    nodeId: String(r.nodeId),
    type: String(r.type),
    title: String(r.title),
    instructions: String(r.instructions),
    payload: jsonColumn(r.payload),
    editableSchema: jsonColumn(r.editableSchema),
    context: jsonColumn(r.context),
    status: r.status as TaskRecord["status"],
    quorum: Number(r.quorum),
    rejectionPolicy: String(r.rejectionPolicy),
    separationOfDuties: Boolean(r.separationOfDuties),
    initiatorId: (r.initiatorId as string | null) ?? null,
    dueAtMs: num(r.dueAtMs),
    escalation: jsonColumn(r.escalation),
    escalationLevel: Number(r.escalationLevel),
    version: Number(r.version),
    result: jsonColumn(r.result),
    createdAtMs: Number(r.createdAtMs),
    decidedAtMs: num(r.decidedAtMs),
    claimedBy: r.claimedBy === null || r.claimedBy === undefined ? null : String(r.claimedBy),
    assignees: assignees.map((a) => ({ type: a.type as "user" | "role", value: String(a.value) })),
  };
}

export function rowToDecision(r: Row): DecisionRecord {
  return {
    id: String(r.id),
    taskId: String(r.taskId),
    userId: String(r.userId),
    decision: r.decision as DecisionRecord["decision"],
    comment: String(r.comment),
    payload: jsonColumn(r.payload),
    diff: jsonColumn(r.diff),
    payloadHash: String(r.payloadHash),
    atMs: Number(r.atMs),
    onBehalfOf: r.onBehalfOf === null || r.onBehalfOf === undefined ? null : String(r.onBehalfOf),
  };
}
