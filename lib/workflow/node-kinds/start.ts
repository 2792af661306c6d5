import { z } from "zod";
import { field } from "../field-meta";
import { OUT_HANDLES } from "../handles";
import { emptyObjectSchema, objectJsonSchema } from "../json-schema";
import { defineNodeKind } from "./types";

const configSchema = z.strictObject({
  inputSchema: field(objectJsonSchema.default(emptyObjectSchema), {
    label: "Input schema",
    widget: "jsonSchema",
    help: "JSON Schema (type object) of the run input, available to expressions as $.input.",
  }),
  trigger: field(z.enum(["manual", "api", "both"]).optional(), {
    label: "Trigger",
    widget: "select",
    help: "How runs may be started. Absent means both.",
  }),
});

const triggerText = { manual: "Manual", api: "API", both: "Manual or API" } as const;

export const startKind = defineNodeKind({
  kind: "start",
  label: "Start",
  description: "Entry point of the workflow; receives the run input.",
  category: "flow",
  icon: "Play",
  configSchema,
  defaults: { inputSchema: emptyObjectSchema(), trigger: "both" },
  inputs: [],
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: false,
  effect: false,
  waits: false,
  expressionFields: () => [],
  summary: (config) => {
    const count = Object.keys(config.inputSchema.properties).length;
    return `${triggerText[config.trigger ?? "both"]} · ${count} input${count === 1 ? "" : "s"}`;
  },
});
