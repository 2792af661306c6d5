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
 * What the canvas, palette and editor need to know about a node kind, without its zod config
 * schema (so the editor's first-load JavaScript has no zod). `C` is the kind's parsed config type,
 * from its `*.config.ts`. Methods (not function properties) so a specific def is assignable to the
 * generic one.
 */
export interface NodeKindMeta<K extends NodeKind = NodeKind, C = unknown> {
  kind: K;
  label: string;
  /** One line, shown in the node palette. */
  description: string;
  category: NodeCategory;
  /** A lucide-react icon name, e.g. "GitBranch". */
  icon: string;
  /** A valid config for a freshly dropped node. */
  defaults: C;
  /** Input handles: none for start, `[{ id: "in" }]` otherwise. */
  inputs: readonly HandleDef[];
  /** Output handles for this config, NOT including the implicit `error` handle. */
  outputs(config: C): HandleDef[];
  /** Whether the implicit `error` output exists (every kind except start). */
  hasErrorOutput: boolean;
  /** Side-effecting: the engine must treat re-execution with care (http). */
  effect: boolean;
  /** Durable wait: the run parks until a decision, a timer or a timestamp (approval, delay, wait_until). */
  waits: boolean;
  /**
   * A completed step of this kind can name an undo step (compensation). False where it would never
   * run: End and Compensate finish the path, and Start does no work to undo.
   */
  undoable: boolean;
  /** Every expression / template in the config, for validation and editor autocomplete. */
  expressionFields(config: C): ExpressionField[];
  /** Short text shown on the canvas node. */
  summary(config: C): string;
}

/** Everything the validator, engine, canvas and inspector need to know about a node kind: its meta plus its config schema. */
export interface NodeKindDef<K extends NodeKind = NodeKind, S extends z.ZodType = z.ZodType> extends NodeKindMeta<K, z.output<S>> {
  configSchema: S;
}

/** Identity helper that keeps each kind file fully typed by its config type. */
export function defineNodeKind<K extends NodeKind, C>(def: NodeKindMeta<K, C>): NodeKindMeta<K, C> {
  return def;
}
