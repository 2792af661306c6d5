/** Public API of the isomorphic workflow model (no I/O; depends only on zod and jsonata). */
export * from "./graph-schema";
export * from "./graph-index";
export * from "./validate-graph";
export * from "./diff-graph";
export * from "./expressions";
export * from "./retry-policy";
export * from "./handles";
export * from "./node-kind";
export * from "./node-kinds";
export * from "./field-meta";
export * from "./json-schema";
export * from "./create-node";
export { formatDuration } from "./duration";
export { WORKSPACE_ROLES, type WorkspaceRole } from "./roles";
export type { JsonValue } from "./json-value";
export { formatPath } from "./issue-path";
