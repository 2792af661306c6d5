// Builds the OpenAPI 3.1 document of /api/v1 from what each route registered with apiRoute (or
// registerRouteSpec): path from the route file's folder, roles, parameters, body and response schemas,
// success status, examples, and every error code the route can answer with its catalogue status.
// Nothing here is a second description of a route: a route the document gets wrong is a route whose
// own declaration is wrong, and tests/api/openapi-*.test.ts check the document against the routes.
import { errorCatalogue, type ErrorCode } from "@/lib/errors/catalogue";
import { routeSpecOf, type RouteSpec } from "../route-specs";
import { exampleOf } from "./example-from-schema";
import { SchemaComponents, type JsonSchema } from "./json-schema";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
const MUTATIONS = new Set<HttpMethod>(["POST", "PUT", "PATCH", "DELETE"]);

/** A route module under app/api/v1, named by its folder relative to app/api/v1 ("runs/[runId]/cancel"). */
export interface RouteModule {
  folder: string;
  module: Record<string, unknown>;
}

export interface Operation {
  method: HttpMethod;
  path: string;
  tag: string;
  spec: RouteSpec;
}

export function openApiPath(folder: string): string {
  return `/api/v1/${folder}`.replace(/\[([^\]]+)\]/g, "{$1}");
}

/**
 * The operations of the modules: one per exported HTTP method. A handler that registered no spec is
 * still listed (so the document never fails to build); tests/api/openapi-document.test.ts refuses it.
 */
export function operationsOf(modules: readonly RouteModule[]): Operation[] {
  const ops: Operation[] = [];
  for (const { folder, module } of modules) {
    for (const method of HTTP_METHODS) {
      const handler = module[method];
      if (typeof handler !== "function") continue;
      const spec = routeSpecOf(handler as () => unknown) ?? { summary: `${method} ${openApiPath(folder)} (undocumented)` };
      ops.push({ method, path: openApiPath(folder), tag: folder.split("/")[0], spec });
    }
  }
  return ops.sort((a, b) => a.path.localeCompare(b.path) || HTTP_METHODS.indexOf(a.method) - HTTP_METHODS.indexOf(b.method));
}

/** Every error code an operation can answer: what apiRoute raises for it plus the route's own. */
export function errorCodesOf(method: HttpMethod, spec: RouteSpec): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if ((spec.auth ?? "user") === "user") {
    codes.add("unauthorized");
    if (spec.roles !== "any") codes.add("forbidden");
    if (MUTATIONS.has(method)) codes.add("bad_origin");
  }
  if (spec.params || spec.query || spec.body) codes.add("invalid_request");
  if (spec.body) {
    codes.add("malformed_json");
    codes.add("payload_too_large");
  }
  for (const c of spec.errors ?? []) codes.add(c);
  codes.add("internal");
  return [...codes];
}

export function operationId(method: HttpMethod, path: string): string {
  const words = path
    .replace(/^\/api\/v1\//, "")
    .split(/[/.-]/)
    .filter(Boolean)
    .map((w) => (w.startsWith("{") ? `By${cap(w.slice(1, -1))}` : cap(w)));
  return method.toLowerCase() + words.join("");
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function parametersOf(spec: RouteSpec, components: SchemaComponents): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const where of ["path", "query"] as const) {
    const schema = where === "path" ? spec.params : spec.query;
    if (!schema) continue;
    const json = components.convert(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, s] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = s as JsonSchema & { description?: string };
      out.push({
        name,
        in: where,
        required: where === "path" || (json.required ?? []).includes(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

function rolesText(spec: RouteSpec): string {
  if (spec.auth === "webhook") return "No session or API key: the request is verified with the webhook trigger's own signature mode.";
  if (spec.auth === "token") return "No session or API key: the unguessable one-time token in the URL is the credential.";
  return spec.roles === "any" || !spec.roles ? "Roles: any signed-in user." : `Roles: ${spec.roles.join(", ")}.`;
}

function errorResponses(codes: ErrorCode[]): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of codes) byStatus.set(errorCatalogue[c].status, [...(byStatus.get(errorCatalogue[c].status) ?? []), c]);
  const out: Record<string, JsonSchema> = {};
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      description: list.map((c) => `\`${c}\`: ${errorCatalogue[c].explain}`).join("\n\n"),
      content: {
        "application/json": {
          schema: {
            allOf: [{ $ref: "#/components/schemas/Error" }],
            type: "object",
            properties: { error: { type: "object", properties: { code: { type: "string", enum: list } } } },
          },
          examples: Object.fromEntries(list.map((c) => [c, { value: { error: { code: c, message: errorCatalogue[c].explain } } }])),
        },
      },
    };
  }
  return out;
}

function successResponse(spec: RouteSpec, components: SchemaComponents): JsonSchema {
  const r = spec.response;
  if (!r) return { description: "Success (no response schema declared)." };
  if ("contentType" in r && typeof r.contentType === "string") {
    return { description: r.description, content: { [r.contentType]: {} } };
  }
  const media: JsonSchema = { schema: components.convert(r as Parameters<SchemaComponents["convert"]>[0], "output") };
  media.example =
    spec.examples?.response !== undefined ? spec.examples.response : exampleOf(media.schema as JsonSchema, components.schemas);
  return { description: "Success.", content: { "application/json": media } };
}

export interface OpenApiDocument {
  openapi: "3.1.0";
  info: Record<string, unknown>;
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
  [k: string]: unknown;
}

export function buildOpenApiDocument(modules: readonly RouteModule[], version = "1"): OpenApiDocument {
  const components = new SchemaComponents();
  const paths: OpenApiDocument["paths"] = {};
  const tags = new Set<string>();
  for (const op of operationsOf(modules)) {
    const { spec, method, path } = op;
    const noUser = spec.auth === "webhook" || spec.auth === "token";
    tags.add(op.tag);
    const operation: JsonSchema = {
      operationId: operationId(method, path),
      tags: [op.tag],
      summary: spec.summary ?? `${method} ${path}`,
      description: rolesText(spec) + (!noUser && MUTATIONS.has(method) ? ORIGIN_NOTE : ""),
      "x-roles": noUser ? [] : spec.roles === "any" || !spec.roles ? "any" : [...spec.roles],
      security: noUser ? [] : [{ sessionCookie: [] }, { apiKey: [] }],
    };
    const parameters = parametersOf(spec, components);
    if (parameters.length) operation.parameters = parameters;
    if (spec.body) {
      const media: JsonSchema = { schema: components.convert(spec.body, "input") };
      media.example =
        spec.examples?.request !== undefined ? spec.examples.request : exampleOf(media.schema as JsonSchema, components.schemas);
      operation.requestBody = { required: true, content: { "application/json": media } };
      if (spec.maxBodyBytes) operation["x-max-body-bytes"] = spec.maxBodyBytes;
    } else if (spec.rawBody) {
      const media: JsonSchema = spec.examples?.request !== undefined ? { example: spec.examples.request } : {};
      operation.requestBody = { required: true, description: spec.rawBody.description, content: { [spec.rawBody.contentType]: media } };
    }
    operation.responses = {
      [String(spec.status ?? 200)]: successResponse(spec, components),
      ...errorResponses(errorCodesOf(method, spec)),
    };
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version,
      description: INFO,
    },
    servers: [{ url: "/" }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...components.schemas, Error: ERROR_SCHEMA },
      securitySchemes: {
        sessionCookie: {
          type: "apiKey",
          in: "cookie",
          name: "switchyard.session_token",
          description: "The browser session (sign in at /sign-in). Changes (POST, PUT, PATCH, DELETE) must carry our own Origin header.",
        },
        apiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "sy_<prefix>_<secret>",
          description: "An API key created in Settings: `Authorization: Bearer sy_…`. It acts with its owner's role.",
        },
      },
    },
  };
}

const ORIGIN_NOTE = " With a session cookie, send an Origin header naming this server (CSRF defence); API keys need none.";

const INFO =
  "JSON over HTTPS under /api/v1. Authenticate with the session cookie or an API key (`Authorization: Bearer sy_…`). " +
  "Every error has the shape `{ error: { code, message, details? } }`; the codes and their statuses are the closed catalogue " +
  "listed in docs/api.md. Timestamps named *Ms are epoch milliseconds.";

const ERROR_SCHEMA: JsonSchema = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: Object.keys(errorCatalogue) },
        message: { type: "string" },
        details: { description: "For invalid_request: a list of { path, message }; other codes may give an object." },
      },
    },
  },
};
