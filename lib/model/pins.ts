// Pinned data: a node output kept on a workflow's draft that test runs reuse instead of running the
// node (no HTTP call, no model call, no child run). Pins belong to the draft, never to a published
// version; a test run's snapshot version carries a copy of the pins as they were when it started,
// so the run stays reproducible while the draft's pins change. Zod-free: the canvas imports it.
import type { NodeKind } from "./node-kind";

/** Node kinds whose output can be pinned: the ones that call out (HTTP, a model, another workflow). */
export const PINNABLE_KINDS = ["http", "agent", "subworkflow"] as const satisfies readonly NodeKind[];
export type PinnableKind = (typeof PINNABLE_KINDS)[number];

export function isPinnableKind(kind: string): kind is PinnableKind {
  return (PINNABLE_KINDS as readonly string[]).includes(kind);
}

/** Kinds "Run one step" can execute on their own. */
export const STEP_TEST_KINDS = ["http", "agent"] as const satisfies readonly NodeKind[];

export function isStepTestKind(kind: string): boolean {
  return (STEP_TEST_KINDS as readonly string[]).includes(kind);
}

/** What a pinned node produces in a test run: its output and the output handle it takes. */
export interface PinnedOutput {
  output: unknown;
  handle: string;
}

/** A pin as the API and the editor show it. */
export interface WorkflowPin extends PinnedOutput {
  nodeId: string;
  sourceRunId: string | null;
  sourceStepKey: string | null;
  pinnedById: string | null;
  pinnedAtMs: number;
}

/** The largest pinned output, as for any step output. */
export const MAX_PIN_BYTES = 1_000_000;
