import { z } from "zod";

/**
 * A JSON Schema as stored in workflow configs. Only the parts the model relies on are checked
 * (`type`, `properties`, `required`, `items`, `description`); any other keyword is kept as-is.
 */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  [keyword: string]: unknown;
}

export const jsonSchemaSchema: z.ZodType<JsonSchema> = z.lazy(() =>
  z.looseObject({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    description: z.string().optional(),
    properties: z.record(z.string(), jsonSchemaSchema).optional(),
    required: z.array(z.string()).optional(),
    items: jsonSchemaSchema.optional(),
  }),
);

/** A JSON Schema describing an object: used for the run input and for reviewer-editable fields. */
export const objectJsonSchema = z.looseObject({
  type: z.literal("object"),
  description: z.string().optional(),
  properties: z.record(z.string(), jsonSchemaSchema).default({}),
  required: z.array(z.string()).optional(),
});

export type ObjectJsonSchema = z.output<typeof objectJsonSchema>;

export const emptyObjectSchema = (): ObjectJsonSchema => ({ type: "object", properties: {} });
