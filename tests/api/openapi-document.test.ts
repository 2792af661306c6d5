// The OpenAPI document against the routes themselves: every route.ts under app/api/v1 and each HTTP
// method it exports must be in the route index and the document with a declared response schema; every
// schema and $ref must compile; every example must match its schema; and every error status must be the
// catalogue's. No database: the completeness check loads the route modules only.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOpenApiDocument, errorCodesOf, HTTP_METHODS, openApiPath, type OpenApiDocument } from "@/lib/api/openapi/build-document";
import { routeSpecOf } from "@/lib/api/route-specs";
import { errorCatalogue } from "@/lib/errors/catalogue";
import { loadRouteModules, routeLoaders } from "@/app/api/v1/openapi.json/route-index";
import { docValidator } from "./helpers/openapi-validator";

const ROOT = "app/api/v1";

function routeFolders(): string[] {
  return readdirSync(ROOT, { recursive: true, encoding: "utf8" })
    .filter((f) => f === "route.ts" || f.endsWith(`${path.sep}route.ts`))
    .map((f) => path.dirname(f).split(path.sep).join("/"))
    .sort();
}

type Op = { requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> }; responses: Record<string, ResponseObj> };
type ResponseObj = { content?: Record<string, { schema?: unknown; example?: unknown; examples?: Record<string, { value: unknown }> }> };

describe("OpenAPI document", () => {
  let doc: OpenApiDocument;
  beforeAll(async () => {
    doc = buildOpenApiDocument(await loadRouteModules());
  }, 120_000);

  it("lists every route.ts under app/api/v1 in the route index (add a new route to app/api/v1/openapi.json/route-index.ts)", () => {
    expect(routeFolders()).toEqual(Object.keys(routeLoaders).sort());
  });

  it("has every exported HTTP method of every route, each declaring its response schema", async () => {
    const missing: string[] = [];
    const noResponse: string[] = [];
    let methods = 0;
    for (const folder of routeFolders()) {
      const mod = (await import(/* @vite-ignore */ path.resolve(ROOT, folder, "route.ts"))) as Record<string, unknown>;
      for (const method of HTTP_METHODS) {
        if (typeof mod[method] !== "function") continue;
        methods++;
        const where = `${method} ${openApiPath(folder)}`;
        if (!doc.paths[openApiPath(folder)]?.[method.toLowerCase()]) missing.push(where);
        if (!routeSpecOf(mod[method] as () => unknown)?.response) noResponse.push(where);
      }
    }
    expect(missing).toEqual([]);
    expect(noResponse).toEqual([]);
    const documented = Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0);
    expect(documented).toBe(methods);
    expect(methods).toBeGreaterThan(40);
  }, 60_000);

  it("compiles every schema and matches every example to its schema", () => {
    const v = docValidator(doc);
    const problems: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, raw] of Object.entries(ops)) {
        const op = raw as unknown as Op;
        const where = `${method.toUpperCase()} ${p}`;
        for (const media of Object.values(op.requestBody?.content ?? {})) {
          v.problems(media.schema, {}); // compiles
          if (media.example !== undefined) problems.push(...v.problems(media.schema, media.example).map((e) => `${where} request: ${e}`));
        }
        for (const [status, res] of Object.entries(op.responses)) {
          for (const media of Object.values(res.content ?? {})) {
            if (!media.schema) continue;
            if (media.example !== undefined)
              problems.push(...v.problems(media.schema, media.example).map((e) => `${where} ${status}: ${e}`));
            for (const [name, ex] of Object.entries(media.examples ?? {})) {
              problems.push(...v.problems(media.schema, ex.value).map((e) => `${where} ${status} ${name}: ${e}`));
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("gives every request body and every success response an example", () => {
    const missing: string[] = [];
    let examples = 0;
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, raw] of Object.entries(ops)) {
        const op = raw as unknown as Op;
        const where = `${method.toUpperCase()} ${p}`;
        for (const [type, media] of Object.entries(op.requestBody?.content ?? {})) {
          if (media.example === undefined) missing.push(`${where} request ${type}`);
          else examples++;
        }
        const [status, res] = Object.entries(op.responses).find(([s]) => Number(s) < 300)!;
        for (const [type, media] of Object.entries(res.content ?? {})) {
          // Streams (server-sent events, files) are described in prose, not by a JSON example.
          if (type !== "application/json") continue;
          if (media.example === undefined) missing.push(`${where} ${status} ${type}`);
          else examples++;
        }
      }
    }
    expect(missing).toEqual([]);
    expect(examples).toBeGreaterThan(60);
  });

  it("answers each error code with its catalogue status, and every user route with 401 and 500", () => {
    const wrong: string[] = [];
    for (const [p, ops] of Object.entries(doc.paths)) {
      for (const [method, raw] of Object.entries(ops)) {
        const op = raw as unknown as Op;
        for (const [status, res] of Object.entries(op.responses)) {
          for (const code of Object.keys(res.content?.["application/json"]?.examples ?? {})) {
            if (String(errorCatalogue[code as keyof typeof errorCatalogue].status) !== status)
              wrong.push(`${method} ${p} ${code} ${status}`);
          }
        }
        if (!op.responses["500"]) wrong.push(`${method} ${p} has no 500`);
      }
    }
    expect(wrong).toEqual([]);
    expect(Object.keys((doc.paths["/api/v1/runs"].post as unknown as Op).responses).sort()).toEqual(
      expect.arrayContaining(["201", "400", "401", "403", "404", "413", "422", "500"]),
    );
    expect(errorCodesOf("GET", { roles: "any", auth: "user" })).toEqual(["unauthorized", "internal"]);
  });
});
