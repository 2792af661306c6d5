import type { z } from "zod";
import type { HandleDef } from "../handles";
import type { NodeKind } from "../node-kind";

export type NodeCategory = "flow" | "logic" | "human" | "integration" | "ai";

/** One JSONata expression or `{{ }}` template inside a node config. `path` is relative to `config`. */
export interface ExpressionField {
  path: string;
  kind: "expression" | "template";
  value: string;
}

/**
 * Everything the validator, engine, canvas and inspector need to know about a node kind.
 * Methods (not function properties) so a specific def is assignable to the generic one.
 */
export interface NodeKindDef<K extends NodeKind = NodeKind, S extends z.ZodType = z.ZodType> {
  kind: K;
  label: string;
  /** One line, shown in the node palette. */
  description: string;
  category: NodeCategory;
  /** A lucide-react icon name, e.g. "GitBranch". */
  icon: string;
  configSchema: S;
  /** A valid config for a freshly dropped node. */
  defaults: z.output<S>;
  /** Input handles: none for start, `[{ id: "in" }]` otherwise. */
  inputs: readonly HandleDef[];
  /** Output handles for this config, NOT including the implicit `error` handle. */
  outputs(config: z.output<S>): HandleDef[];
  /** Whether the implicit `error` output exists (every kind except start). */
  hasErrorOutput: boolean;
  /** Side-effecting: the engine must treat re-execution with care (http). */
  effect: boolean;
  /** Durable wait: the run parks until a decision, a timer or a timestamp (approval, delay, wait_until). */
  waits: boolean;
  /** Every expression / template in the config, for validation and editor autocomplete. */
  expressionFields(config: z.output<S>): ExpressionField[];
  /** Short text shown on the canvas node. */
  summary(config: z.output<S>): string;
}

/** Identity helper that infers K and S so each kind file stays fully typed. */
export function defineNodeKind<K extends NodeKind, S extends z.ZodType>(def: NodeKindDef<K, S>): NodeKindDef<K, S> {
  return def;
}
