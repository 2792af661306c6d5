import { z } from "zod";
import { apiRoute } from "@/lib/api/route";
import { openApiDocument } from "./document";

/** GET /api/v1/openapi.json — the OpenAPI 3.1 document of every /api/v1 route (any signed-in user or API key). */
export const GET = apiRoute(
  {
    roles: "any",
    summary: "The OpenAPI 3.1 document of this API",
    response: z.looseObject({
      openapi: z.literal("3.1.0"),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.record(z.string(), z.unknown())),
      components: z.looseObject({ schemas: z.record(z.string(), z.unknown()) }),
    }),
  },
  async () => Response.json(await openApiDocument(), { headers: { "cache-control": "private, max-age=300" } }),
);
