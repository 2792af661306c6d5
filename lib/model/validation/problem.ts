export const PROBLEM_CODES = [
  "schema",
  "unknown_kind",
  "missing_config",
  "invalid_config",
  "duplicate_node_id",
  "duplicate_node_name",
  "duplicate_edge_id",
  "duplicate_edge",
  "dangling_edge",
  "unknown_source_handle",
  "unknown_target_handle",
  "missing_start",
  "multiple_starts",
  "edge_into_start",
  "no_incoming",
  "unreachable",
  "no_outgoing",
  "invalid_expression",
  "cycle",
  "join_n_exceeds_inputs",
  "container_no_body",
  "container_no_loop_back",
  "loop_back_outside",
  "container_body_kind",
  "body_not_closed",
  "invalid_undo",
  "engine_header",
  "timeout_never_taken",
  "unhandled_output",
  "url_refused",
  "unknown_provider",
  "unknown_model",
  "assignee_cannot_decide",
  "missing_credential",
  "mcp_tool_changed",
] as const;

export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  severity: "error" | "warning";
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /**
   * Where the problem is: relative to the node when `nodeId` is set ("config.url"), relative to
   * the edge when only `edgeId` is set ("sourceHandle"), otherwise from the graph root ("nodes[3].id").
   */
  path?: string;
  /** Character offset inside the expression / template at `path` (invalid_expression only). */
  position?: number;
}

export const error = (code: ProblemCode, message: string, where: Omit<Problem, "severity" | "code" | "message"> = {}): Problem => ({
  severity: "error",
  code,
  message,
  ...where,
});

export const warning = (code: ProblemCode, message: string, where: Omit<Problem, "severity" | "code" | "message"> = {}): Problem => ({
  severity: "warning",
  code,
  message,
  ...where,
});
