// What each apiRoute handler accepts as a body (its zod schema and byte limit), looked up by the
// handler function. Tests use it to generate and mutate bodies for every route from the route's own
// schema, so a new route is fuzzed without a copy of its schema.
import type { z } from "zod";

export interface RouteBodySpec {
  body?: z.ZodType;
  maxBodyBytes?: number;
}

const specs = new WeakMap<(...args: never[]) => unknown, RouteBodySpec>();

export function registerRouteSpec(handler: (...args: never[]) => unknown, spec: RouteBodySpec): void {
  specs.set(handler, spec);
}

export function routeSpecOf(handler: (...args: never[]) => unknown): RouteBodySpec | undefined {
  return specs.get(handler);
}
