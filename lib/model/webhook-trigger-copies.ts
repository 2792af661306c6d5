// A workflow's webhook triggers belong to that workflow: their id is the URL, registered on the server
// with the workflow's own secret. A graph that arrives from elsewhere (a duplicate, an imported file, a
// template, a pasted Start node) must not reuse those ids. Isomorphic: the server replaces the ids
// (lib/triggers/webhook-copies.ts); the editor's paste drops the triggers (it cannot register new ones).
import type { DraftGraph, DraftNode } from "./draft-graph";

type TriggerLike = { kind?: unknown; id?: unknown };

function triggersOf(node: Pick<DraftNode, "kind" | "config">): TriggerLike[] | null {
  if (node.kind !== "start") return null;
  const list = (node.config as { triggers?: unknown }).triggers;
  return Array.isArray(list) ? (list as TriggerLike[]) : null;
}

const isWebhook = (t: TriggerLike) => typeof t === "object" && t !== null && t.kind === "webhook";

/** The graph with every webhook trigger's id replaced by `freshId()`; `replaced` lists the new ids. */
export function replaceWebhookTriggerIds(graph: DraftGraph, freshId: () => string): { graph: DraftGraph; replaced: string[] } {
  const replaced: string[] = [];
  const nodes = graph.nodes.map((n) => {
    const list = triggersOf(n);
    if (!list?.some(isWebhook)) return n;
    const triggers = list.map((t) => {
      if (!isWebhook(t)) return t;
      const id = freshId();
      replaced.push(id);
      return { ...t, id };
    });
    return { ...n, config: { ...n.config, triggers } };
  });
  return { graph: replaced.length ? { ...graph, nodes } : graph, replaced };
}

/** A Start node without its webhook triggers (how many were dropped). */
export function withoutWebhookTriggers<N extends Pick<DraftNode, "kind" | "config">>(node: N): { node: N; dropped: number } {
  const list = triggersOf(node);
  if (!list?.some(isWebhook)) return { node, dropped: 0 };
  const triggers = list.filter((t) => !isWebhook(t));
  return { node: { ...node, config: { ...node.config, triggers } }, dropped: list.length - triggers.length };
}
