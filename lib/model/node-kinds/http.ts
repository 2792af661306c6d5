import { IN_HANDLES, OUT_HANDLES } from "../handles";
import { exprField, truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { HttpConfig } from "./http.config";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const MAX_HTTP_TIMEOUT_MS = 300_000;

export const httpKind = defineNodeKind<"http", HttpConfig>({
  kind: "http",
  label: "HTTP request",
  description: "Calls an HTTP API.",
  category: "integration",
  icon: "Globe",
  defaults: { method: "GET", url: "https://example.com", headers: [], timeoutMs: 30_000, responseType: "json" },
  inputs: IN_HANDLES,
  outputs: () => [...OUT_HANDLES],
  hasErrorOutput: true,
  effect: true,
  waits: false,
  undoable: true,
  expressionFields: (config) => [
    ...exprField("url", "template", config.url),
    ...config.headers.flatMap((h, i) => exprField(`headers[${i}].value`, "template", h.value)),
    ...exprField("body", "expression", config.body),
  ],
  summary: (config) => `${config.method} ${truncate(config.url.replace(/^https?:\/\//, ""), 36)}`,
});
