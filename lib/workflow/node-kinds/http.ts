import { z } from "zod";
import { field } from "../field-meta";
import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { exprField, optionalExpressionField, requiredTemplateField, templateField, truncate } from "./fields";
import { defineNodeKind } from "./types";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export const MAX_HTTP_TIMEOUT_MS = 300_000;

const headerSchema = z.strictObject({
  key: field(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "Invalid header name"), {
    label: "Header",
    widget: "text",
  }),
  value: templateField({ label: "Value" }),
});

const configSchema = z.strictObject({
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

export const httpKind = defineNodeKind({
  kind: "http",
  label: "HTTP request",
  description: "Calls an HTTP API.",
  category: "integration",
  icon: "Globe",
  configSchema,
  defaults: { method: "GET", url: "https://example.com", headers: [], timeoutMs: 30_000, responseType: "json" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: true,
  waits: false,
  expressionFields: (config) => [
    ...exprField("url", "template", config.url),
    ...config.headers.flatMap((h, i) => exprField(`headers[${i}].value`, "template", h.value)),
    ...exprField("body", "expression", config.body),
  ],
  summary: (config) => `${config.method} ${truncate(config.url.replace(/^https?:\/\//, ""), 36)}`,
});
