// The OpenAPI document of this process: built once, from the routes' own declarations, and shared by
// GET /api/v1/openapi.json and the API reference page.
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/api/openapi/build-document";
import { loadRouteModules } from "./route-index";

let cached: Promise<OpenApiDocument> | undefined;

export function openApiDocument(): Promise<OpenApiDocument> {
  cached ??= loadRouteModules().then((modules) => buildOpenApiDocument(modules));
  return cached;
}
