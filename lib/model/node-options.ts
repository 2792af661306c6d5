// The reliability options the inspector offers a node, from its kind's definition (lib/model/node-kinds):
// an option that does nothing for a kind is not offered (retry, step timeout and "not safe to repeat"
// only for side effects, which are the only steps the engine retries or times out; an error output
// only where the kind has one; an undo step only where compensation could run it). A value the node
// already carries stays offered, so it can be cleared: opening a node never hides what it holds.
import type { NodeKindMeta } from "./node-kinds/types";

export interface NodeOptions {
  errorOutput: boolean;
  retry: boolean;
  timeout: boolean;
  undo: boolean;
  nonIdempotent: boolean;
}

export function nodeOptions(
  def: Pick<NodeKindMeta, "hasErrorOutput" | "effect" | "undoable">,
  node: { retry?: unknown; timeoutMs?: unknown; undo?: unknown; nonIdempotent?: unknown },
): NodeOptions {
  return {
    errorOutput: def.hasErrorOutput,
    retry: def.effect || node.retry !== undefined,
    timeout: def.effect || node.timeoutMs !== undefined,
    undo: def.undoable || !!node.undo,
    nonIdempotent: def.effect || node.nonIdempotent === true,
  };
}
