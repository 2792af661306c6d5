import type { z } from "zod";

/** Widgets the inspector knows how to render for a config field. */
export type FieldWidget =
  | "text"
  | "textarea"
  | "number"
  | "select"
  | "switch"
  | "expression"
  | "template"
  | "keyValue"
  | "jsonSchema"
  | "credential"
  /** A workflow id picked from the published workflows (Sub-workflow nodes, agent workflow tools). */
  | "workflow"
  /** An MCP server from Settings (agent MCP tools). */
  | "mcpServer"
  | "duration"
  /** A model provider from Settings (agent nodes). */
  | "provider"
  /** A model of the provider chosen in the sibling `providerId` field (free text when it lists none). */
  | "model"
  /** Approval assignees: users and roles who can decide. */
  | "assignees"
  /** One user or role who can decide ({ type, id }): an approval's escalation target. */
  | "assignee"
  /** Repeatable group: an array whose element object fields carry their own metadata. */
  | "list"
  /** Nested object whose fields carry their own metadata. */
  | "group"
  /** The Start node's webhooks, schedules and events (lib/model/triggers.ts), edited by their own panel. */
  | "triggers";

/** UI metadata attached to a config field schema with zod `.meta()`. */
export interface FieldMeta {
  label: string;
  widget: FieldWidget;
  help?: string;
  placeholder?: string;
}

/**
 * Attach form metadata to a field schema. Call it LAST (after `.optional()` / `.default()`),
 * so the schema stored in the object shape is the one carrying the metadata.
 */
export function field<S extends z.ZodType>(schema: S, meta: FieldMeta): S {
  return schema.meta({ ...meta }) as S;
}

/** Read the metadata attached with `field()`, or undefined for plain schemas. */
export function getFieldMeta(schema: z.ZodType): FieldMeta | undefined {
  const meta = schema.meta() as Partial<FieldMeta> | undefined;
  if (!meta || typeof meta.label !== "string" || typeof meta.widget !== "string") return undefined;
  return meta as FieldMeta;
}

export interface ConfigFieldDescriptor extends FieldMeta {
  key: string;
  /** False when the field is `.optional()` or has a `.default()`. */
  required: boolean;
  schema: z.ZodType;
}

/** List the top-level fields of an object config schema in declaration order, with their UI metadata. */
export function listConfigFields(configSchema: z.ZodType): ConfigFieldDescriptor[] {
  const shape = (configSchema as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) return [];
  return Object.entries(shape).flatMap(([key, schema]) => {
    const meta = getFieldMeta(schema);
    if (!meta) return [];
    const required = !schema.safeParse(undefined).success;
    return [{ key, ...meta, required, schema }];
  });
}
