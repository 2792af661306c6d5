// The http kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./http) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { optionalExpressionField, requiredTemplateField, templateField } from "./config-fields";
import { HTTP_METHODS, MAX_HTTP_TIMEOUT_MS } from "./http";

const headerSchema = z.strictObject({
  key: field(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Invalid header name"), {
    label: "Header",
    widget: "text",
  }),
  value: templateField({ label: "Value" }),
});

export const httpConfigSchema = z.strictObject({
  method: field(z.enum(HTTP_METHODS).default("GET"), { label: "Method", widget: "select" }),
  url: requiredTemplateField({ label: "URL", placeholder: "https://api.example.com/items/{{ $.input.id }}" }),
  headers: field(z.array(headerSchema).max(50).default([]), { label: "Headers", widget: "keyValue" }),
  body: optionalExpressionField({ label: "Body", help: "Expression for the JSON request body." }),
  timeoutMs: field(z.number().int().min(1).max(MAX_HTTP_TIMEOUT_MS).default(30_000), {
    label: "Timeout",
    widget: "duration",
  }),
  responseType: field(z.enum(["json", "text"]).default("json"), { label: "Response type", widget: "select" }),
  credentialId: field(z.string().min(1).nullable().optional(), {
    label: "Credential",
    widget: "credential",
    help: "Stored credential applied to the request (never visible to expressions).",
  }),
});

export type HttpConfig = z.output<typeof httpConfigSchema>;
