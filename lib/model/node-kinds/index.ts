/**
 * The node-kind registry: each kind's meta (label, icon, handles, summary, defaults), zod-free so
 * the canvas and palette load without zod. Config schemas are in `./schemas` (`nodeKindDefs`,
 * `getNodeKindDef`), one `*.config.ts` per kind.
 *
 * Form generation: every config field schema carries UI metadata attached with `field()` from
 * `../field-meta` (a thin wrapper over zod `.meta({ label, widget, help, placeholder })`, stored in
 * zod's global registry). The inspector calls `listConfigFields(def.configSchema)` to get the
 * top-level fields in order with `{ key, label, widget, help, required, schema }`, or reads
 * `schema.meta()` on any nested field (e.g. the element schema of a "list" field,
 * `schema.element.shape`). `z.toJSONSchema(def.configSchema)` also carries the metadata.
 * Widgets: text, textarea, number, select (enum options from the schema), switch, expression,
 * template, keyValue, jsonSchema, credential, duration (milliseconds), list (array of objects whose
 * fields have their own meta) and group (nested object whose fields have their own meta).
 * Validate the edited config with `def.configSchema.safeParse` before saving.
 */
import type { HandleDef } from "../handles";
import { ERROR_HANDLE_DEF } from "../handles";
import type { NodeKind } from "../node-kind";
import { approvalKind } from "./approval";
import { conditionKind } from "./condition";
import { delayKind } from "./delay";
import { endKind } from "./end";
import { httpKind } from "./http";
import { agentKind } from "./agent";
import { joinKind } from "./join";
import { startKind } from "./start";
import { transformKind } from "./transform";
import type { ExpressionField, NodeKindMeta } from "./types";
import { waitUntilKind } from "./wait-until";
import { loopKind } from "./loop";
import { mapKind } from "./map";
import { subworkflowKind } from "./subworkflow";
import { compensateKind } from "./compensate";
import { waitEventKind } from "./wait-event";
import { waitCallbackKind } from "./wait-callback";

export const nodeKinds = {
  start: startKind,
  end: endKind,
  condition: conditionKind,
  transform: transformKind,
  join: joinKind,
  delay: delayKind,
  wait_until: waitUntilKind,
  approval: approvalKind,
  http: httpKind,
  agent: agentKind,
  loop: loopKind,
  map: mapKind,
  subworkflow: subworkflowKind,
  compensate: compensateKind,
  wait_event: waitEventKind,
  wait_callback: waitCallbackKind,
} satisfies { [K in NodeKind]: NodeKindMeta<K, unknown> };

export type NodeKindDefs = typeof nodeKinds;

/** The meta of a kind, with its config loosely typed (use when the kind is only known at runtime). */
export function getNodeKind(kind: NodeKind): NodeKindMeta {
  return nodeKinds[kind] as NodeKindMeta;
}

interface NodeLike {
  kind: NodeKind;
  config: unknown;
}

/** All output handles of a node: the kind's outputs plus `error` when the kind has one. */
export function outputHandles(node: NodeLike): HandleDef[] {
  const def = getNodeKind(node.kind);
  const outputs = def.outputs(node.config);
  return def.hasErrorOutput ? [...outputs, ERROR_HANDLE_DEF] : outputs;
}

export function inputHandles(node: NodeLike): readonly HandleDef[] {
  return getNodeKind(node.kind).inputs;
}

export function expressionFieldsOf(node: NodeLike): ExpressionField[] {
  return getNodeKind(node.kind).expressionFields(node.config);
}

export type { ExpressionField, NodeCategory, NodeKindDef, NodeKindMeta } from "./types";
export { ELSE_HANDLE } from "./condition";
