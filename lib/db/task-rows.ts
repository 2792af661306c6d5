// Task and Decision rows as the engine's records (raw SQL rows of either database); the inbox's
// TaskRow (lib/db/task-store.ts) is this record plus its own columns.
import "server-only";
import type { DecisionRecord, TaskRecord } from "@/lib/engine/ports";
import { num, parseJsonColumn } from "./row-codec";

/** JSON columns of task and decision rows: corrupt text reads as null, never as the raw text. */
const json = (v: unknown): unknown => parseJsonColumn(v, null);
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
    instructions: String(r.instructions ?? ""),
    payload: json(r.payload),
    editableSchema: json(r.editableSchema),
    context: json(r.context),
    status: String(r.status) as TaskRecord["status"],
    quorum: Number(r.quorum),
    rejectionPolicy: String(r.rejectionPolicy),
    separationOfDuties: Boolean(r.separationOfDuties),
    initiatorId: r.initiatorId === null || r.initiatorId === undefined ? null : String(r.initiatorId),
    dueAtMs: num(r.dueAtMs),
    escalation: json(r.escalation),
    escalationLevel: Number(r.escalationLevel),
    version: Number(r.version),
    result: json(r.result),
    createdAtMs: Number(r.createdAtMs),
    decidedAtMs: num(r.decidedAtMs),
    claimedBy: r.claimedBy === null || r.claimedBy === undefined ? null : String(r.claimedBy),
    assignees: assignees.map((a) => ({ type: a.type === "user" ? "user" : "role", value: String(a.value) })),
  };
}

export function rowToDecision(r: Row): DecisionRecord {
  return {
    id: String(r.id),
    taskId: String(r.taskId),
    userId: String(r.userId),
    decision: r.decision as DecisionRecord["decision"],
    comment: String(r.comment),
    payload: json(r.payload),
    diff: json(r.diff),
    payloadHash: String(r.payloadHash),
    atMs: Number(r.atMs),
    onBehalfOf: r.onBehalfOf === null || r.onBehalfOf === undefined ? null : String(r.onBehalfOf),
  };
}
