// The ModelCall table holds an agent's model calls and its other durable sub-steps under reserved
// names (lib/db/sub-step-store.ts): "tool:<name>", "memory:load", "decision:ok|escalate". Those are
// not models: cost charts leave them out and the inspector names them for what they are.

export const PSEUDO_MODEL_PREFIXES = ["tool:", "memory:", "decision:"] as const;

export type SubStepKind = "model" | "tool" | "memory" | "decision";

export function subStepKind(name: string): SubStepKind {
  if (name.startsWith("tool:")) return "tool";
  if (name.startsWith("memory:")) return "memory";
  if (name.startsWith("decision:")) return "decision";
  return "model";
}

export function isModelName(name: string): boolean {
  return subStepKind(name) === "model";
}

/** What a sub-step is, in words: "Tool call: lookup", "Memory load", "Agent decision: ok". Models keep their id. */
export function subStepLabel(name: string): string {
  switch (subStepKind(name)) {
    case "tool":
      return `Tool call: ${name.slice("tool:".length)}`;
    case "memory":
      return name === "memory:load" ? "Memory load" : `Memory: ${name.slice("memory:".length)}`;
    case "decision":
      return `Agent decision: ${name.slice("decision:".length)}`;
    default:
      return name;
  }
}

/** SQL condition (column given) that the row is a real model call (constants only). */
export function modelOnlySql(column: string): string {
  return PSEUDO_MODEL_PREFIXES.map((p) => `${column} NOT LIKE '${p}%'`).join(" AND ");
}
