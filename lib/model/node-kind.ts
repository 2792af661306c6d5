/** Every node kind the workflow model knows about. Adding one here without a definition in `node-kinds/index.ts` is a compile error. */
export const NODE_KINDS = [
  "start",
  "end",
  "condition",
  "transform",
  "join",
  "delay",
  "wait_until",
  "approval",
  "http",
  "agent",
  "loop",
  "map",
  "subworkflow",
  "compensate",
  "wait_event",
  "wait_callback",
] as const;

export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * Kinds whose body sub-graph (from the `body` handle back to the `loop` input) runs in frames. The
 * engine keeps one frame driver per entry (a kind added here without one is a compile error).
 */
export const CONTAINER_KIND_LIST = ["loop", "map"] as const satisfies readonly NodeKind[];
export type ContainerKind = (typeof CONTAINER_KIND_LIST)[number];
export const CONTAINER_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(CONTAINER_KIND_LIST);

export function isContainerKind(kind: NodeKind): kind is ContainerKind {
  return CONTAINER_KINDS.has(kind);
}

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === "string" && (NODE_KINDS as readonly string[]).includes(value);
}
