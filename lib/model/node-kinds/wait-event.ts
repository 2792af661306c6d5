import { formatDuration } from "../duration";
import { IN_HANDLES } from "../handles";
import { exprField, truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { WaitEventConfig } from "./wait-event.config";

/** The longest a Wait for event / Wait for callback may wait before its timeout (1 year). */
export const MAX_WAIT_MS = 366 * 24 * 3600 * 1000;

export const TIMEOUT_HANDLE = "timeout";

export const waitEventKind = defineNodeKind<"wait_event", WaitEventConfig>({
  kind: "wait_event",
  label: "Wait for event",
  description: "Pauses until an event with this name and correlation key is published.",
  category: "flow",
  icon: "Radio",
  defaults: { event: "order.paid", correlation: "$.input.orderId", timeoutMs: 24 * 3600 * 1000 },
  inputs: IN_HANDLES,
  outputs: () => [
    { id: "out", label: "Received" },
    { id: TIMEOUT_HANDLE, label: "Timed out" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: (config) => exprField("correlation", "expression", config.correlation),
  summary: (config) => {
    const key = config.correlation?.trim() ? ` · ${truncate(config.correlation, 20)}` : "";
    const due = config.timeoutMs ? ` · ${formatDuration(config.timeoutMs)}` : "";
    return `${truncate(config.event, 24)}${key}${due}`;
  },
});
