// Building blocks of the response schemas (what /api/v1 answers, described with zod for the OpenAPI
// document and checked against real answers by tests/api/openapi-responses.test.ts). Objects are
// loose: every listed field is promised, and a field added later is not a breaking change.
import { z } from "zod";

export const obj = z.looseObject;
/** Any JSON value (run input and output, step data, payloads). */
export const anyJson = z.unknown().meta({ description: "Any JSON value." });
export const isoTime = z.string().meta({ description: "ISO-8601 timestamp." });
export const epochMs = z.number().meta({ description: "Epoch milliseconds." });
export const okBody = obj({ ok: z.literal(true) }).meta({ id: "Ok" });
export const userRef = obj({ id: z.string(), name: z.string() }).meta({ id: "UserRef" });
