// How a step is shown: a failure that left through the node's `error` handle was handled by the
// workflow (an error edge took it), so it is shown as "handled" in its own colour and is not
// counted as a failure. Isomorphic; the dashboard's SQL uses HANDLED_SQL for the same rule.
import { getNodeKind } from "@/lib/model/node-kinds";
import { isContainerKind, isNodeKind } from "@/lib/model/node-kind";

export const ERROR_HANDLE = "error";

export function isHandledFailure(s: { status: string; outputHandle: string | null }): boolean {
  return s.status === "failed" && s.outputHandle === ERROR_HANDLE;
}

/** The status to draw: "handled" for a handled failure, else the stored one. */
export function displayStatus(s: { status: string; outputHandle: string | null }): string {
  return isHandledFailure(s) ? "handled" : s.status;
}

/** SQL condition (alias `s` for Step) of an unhandled step failure (constants only). */
export const UNHANDLED_FAILURE_SQL = `s."status" = 'failed' AND (s."outputHandle" IS NULL OR s."outputHandle" <> '${ERROR_HANDLE}')`;

/**
 * Kinds whose time is spent parked (a person, a timer, an event, a child run), from the node-kind
 * registry (`waits`). Containers (loop, map) park on their bodies: their time is their children's.
 */
export function isWaitKind(kind: string): boolean {
  return isNodeKind(kind) && getNodeKind(kind).waits && !isContainerKind(kind);
}

/** Kinds left out of "slowest steps": parking kinds (waits, containers, child runs) and the bookkeeping of start and end (no inputs or no outputs). */
export function isExcludedFromSlowest(kind: string): boolean {
  if (!isNodeKind(kind)) return false;
  const def = getNodeKind(kind);
  return def.waits || def.inputs.length === 0 || def.outputs(def.defaults).length === 0;
}
