/**
 * Node kinds with their zod config schemas: what validation, the engine, the graph schema and the
 * inspector use. The canvas and palette use the zod-free metas in `./index`.
 */
import type { z } from "zod";
import type { NodeKind } from "../node-kind";
import { nodeKinds } from "./index";
import type { NodeKindDef, NodeKindMeta } from "./types";
import { agentConfigSchema } from "./agent.config";
import { approvalConfigSchema } from "./approval.config";
import { compensateConfigSchema } from "./compensate.config";
import { conditionConfigSchema } from "./condition.config";
import { delayConfigSchema } from "./delay.config";
import { endConfigSchema } from "./end.config";
import { httpConfigSchema } from "./http.config";
import { joinConfigSchema } from "./join.config";
import { loopConfigSchema } from "./loop.config";
import { mapConfigSchema } from "./map.config";
import { startConfigSchema } from "./start.config";
import { subworkflowConfigSchema } from "./subworkflow.config";
import { transformConfigSchema } from "./transform.config";
import { waitUntilConfigSchema } from "./wait-until.config";
import { waitEventConfigSchema } from "./wait-event.config";
import { waitCallbackConfigSchema } from "./wait-callback.config";

function withSchema<K extends NodeKind, S extends z.ZodType>(meta: NodeKindMeta<K, z.output<S>>, configSchema: S): NodeKindDef<K, S> {
  return { ...meta, configSchema };
}

export const nodeKindDefs = {
  start: withSchema(nodeKinds.start, startConfigSchema),
  end: withSchema(nodeKinds.end, endConfigSchema),
  condition: withSchema(nodeKinds.condition, conditionConfigSchema),
  transform: withSchema(nodeKinds.transform, transformConfigSchema),
  join: withSchema(nodeKinds.join, joinConfigSchema),
  delay: withSchema(nodeKinds.delay, delayConfigSchema),
  wait_until: withSchema(nodeKinds.wait_until, waitUntilConfigSchema),
  approval: withSchema(nodeKinds.approval, approvalConfigSchema),
  http: withSchema(nodeKinds.http, httpConfigSchema),
  agent: withSchema(nodeKinds.agent, agentConfigSchema),
  loop: withSchema(nodeKinds.loop, loopConfigSchema),
  map: withSchema(nodeKinds.map, mapConfigSchema),
  subworkflow: withSchema(nodeKinds.subworkflow, subworkflowConfigSchema),
  compensate: withSchema(nodeKinds.compensate, compensateConfigSchema),
  wait_event: withSchema(nodeKinds.wait_event, waitEventConfigSchema),
  wait_callback: withSchema(nodeKinds.wait_callback, waitCallbackConfigSchema),
} satisfies { [K in NodeKind]: NodeKindDef<K> };

/** The definition of a kind with its config schema, loosely typed (use when the kind is only known at runtime). */
export function getNodeKindDef(kind: NodeKind): NodeKindDef {
  return nodeKindDefs[kind] as NodeKindDef;
}
