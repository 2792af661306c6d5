import type { WorkflowGraph } from "./graph-schema";
import { buildContext } from "./validation/context";
import { cycleRules } from "./validation/cycle-rules";
import { designRules } from "./validation/design-rules";
import type { DesignEnvironment } from "./validation/design-env";
import { edgeRules } from "./validation/edge-rules";
import { expressionRules } from "./validation/expression-rules";
import { flowRules, joinRules, startRules } from "./validation/flow-rules";
import { httpRules } from "./validation/http-rules";
import { identityRules } from "./validation/identity-rules";
import { regionRules } from "./validation/region-rules";
import { undoRules } from "./validation/undo-rules";
import { waitRules } from "./validation/wait-rules";
import type { Problem } from "./validation/problem";

export type { Problem, ProblemCode } from "./validation/problem";
export { PROBLEM_CODES } from "./validation/problem";
export { CYCLE_KINDS } from "./validation/cycle-rules";
export type { DesignEnvironment } from "./validation/design-env";

export interface ValidationResult {
  /** False when any problem is an error (warnings do not block). */
  ok: boolean;
  problems: Problem[];
  /** The parsed graph (defaults applied) when the document matched the schema, even if graph rules failed. */
  graph: WorkflowGraph | null;
}

const rules = [
  identityRules,
  startRules,
  edgeRules,
  flowRules,
  joinRules,
  cycleRules,
  regionRules,
  undoRules,
  expressionRules,
  httpRules,
  waitRules,
];

/**
 * Check a workflow document against the schema and every graph rule, returning ALL problems. With the
 * workspace's design environment, references (providers, models, assignees, credentials) are checked too.
 */
export function validateGraph(input: unknown, env?: DesignEnvironment): ValidationResult {
  const { problems, context } = buildContext(input);
  for (const rule of rules) problems.push(...rule(context));
  problems.push(...designRules(context, env));
  return { ok: !problems.some((p) => p.severity === "error"), problems, graph: context.graph };
}
