import type { z } from "zod";
import { deepEqual } from "./deep-equal";

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
  /**
   * Offered only when the sibling field `field` has one of `values` (an agent tool's URL only for
   * HTTP tools): elsewhere the option does nothing, so the form leaves it out.
   */
  showFor?: { field: string; values: readonly string[] };
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

/**
 * The fields a form offers for this object: a `showFor` field only when its controlling sibling has
 * one of its values, or when it already holds a value other than its default (kept visible so it
 * can be cleared: opening a node never hides what it carries).
 */
export function offeredFields(fields: readonly ConfigFieldDescriptor[], siblings: Record<string, unknown>): ConfigFieldDescriptor[] {
  const defaultOf = (f: ConfigFieldDescriptor) => {
    const d = f.schema.safeParse(undefined);
    return d.success ? d.data : undefined;
  };
  return fields.filter((f) => {
    if (!f.showFor) return true;
    const control = fields.find((c) => c.key === f.showFor!.field);
    const controlValue = siblings[f.showFor.field] ?? (control ? defaultOf(control) : undefined);
    if (typeof controlValue === "string" && f.showFor.values.includes(controlValue)) return true;
    const value = siblings[f.key];
    if (value === undefined || value === null || value === "") return false;
    return !deepEqual(value, defaultOf(f));
  });
}
