// What each API route handler declares about itself, looked up by the handler function: who may call
// it, the zod schemas it parses (params, query, body) and answers with (response), its success status
// and the error codes it can answer beyond those apiRoute itself raises. apiRoute registers it; a
// route that is not an apiRoute (the webhook receiver) registers its own. Two readers, so nothing is
// declared twice: tests generate and mutate bodies from `body`, and lib/api/openapi builds
// /api/v1/openapi.json from the whole spec (tests/api/openapi-*.test.ts fail for a route without one).
import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import type { ErrorCode } from "@/lib/errors/catalogue";

/**
 * How a caller proves who it is: a session cookie or an API key, (webhooks) the trigger's signature, or
 * (callbacks) an unguessable token in the URL.
 */
export type RouteAuth = "user" | "webhook" | "token";

export interface RouteSpec {
  auth?: RouteAuth;
  /** Roles allowed; "any" means any signed-in user. */
  roles?: readonly Role[] | "any";
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body the route reads itself, not as parsed JSON (the webhook receiver verifies the raw bytes). */
  rawBody?: { contentType: string; description: string };
  maxBodyBytes?: number;
  /** The success body (JSON), or a non-JSON stream such as server-sent events. */
  response?: z.ZodType | { contentType: string; description: string };
  /** Success status (default 200). */
  status?: number;
  /** One line for the API reference (the route's doc comment says the rest). */
  summary?: string;
  /** Error codes this route's own logic can answer (auth, role, origin, schema and size errors are added for it). */
  errors?: readonly ErrorCode[];
  /** Request and response examples, checked against the schemas by tests/api/openapi-document.test.ts. */
  examples?: { request?: unknown; response?: unknown };
}

/** @deprecated Use RouteSpec; kept for the body fuzzing tests. */
export type RouteBodySpec = RouteSpec;

const specs = new WeakMap<(...args: never[]) => unknown, RouteSpec>();

export function registerRouteSpec(handler: (...args: never[]) => unknown, spec: RouteSpec): void {
  specs.set(handler, spec);
}

export function routeSpecOf(handler: (...args: never[]) => unknown): RouteSpec | undefined {
  return specs.get(handler);
}
