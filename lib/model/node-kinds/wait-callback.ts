import { formatDuration } from "../duration";
import { IN_HANDLES } from "../handles";
import { defineNodeKind } from "./types";
import type { WaitCallbackConfig } from "./wait-callback.config";
import { TIMEOUT_HANDLE } from "./wait-event";

export const waitCallbackKind = defineNodeKind<"wait_callback", WaitCallbackConfig>({
  kind: "wait_callback",
  label: "Wait for callback",
  description: "Pauses until an outside system POSTs to this step's one-time callback URL.",
  category: "integration",
  icon: "Webhook",
  defaults: { timeoutMs: 24 * 3600 * 1000 },
  inputs: IN_HANDLES,
  outputs: () => [
    { id: "out", label: "Called back" },
    { id: TIMEOUT_HANDLE, label: "Timed out" },
  ],
  hasErrorOutput: true,
  effect: false,
  waits: true,
  undoable: true,
  expressionFields: () => [],
  summary: (config) => (config.timeoutMs ? `Callback · ${formatDuration(config.timeoutMs)}` : "Callback · no timeout"),
});
