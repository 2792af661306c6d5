// Request limits, with their defaults and the environment variables that change them. Read once per
// process (docs/security.md, "Request limits", lists them).
import { z } from "zod";
import { DEFAULT_MAX_JSON_DEPTH } from "@/lib/model/safe-json";

const MIB = 1024 * 1024;

const limitsSchema = z.object({
  /** Default body limit of an API route (routes that accept whole workflows set their own). */
  SWITCHYARD_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(256 * MIB)
    .default(MIB),
  /** Body limit of the better-auth endpoints (sign-in, sign-out, sessions) and first-run setup. */
  SWITCHYARD_MAX_AUTH_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * MIB)
    .default(64 * 1024),
  /** Deepest array/object nesting accepted in any JSON body or imported file. */
  SWITCHYARD_MAX_JSON_DEPTH: z.coerce.number().int().min(8).max(1000).default(DEFAULT_MAX_JSON_DEPTH),
});

export interface RequestLimits {
  bodyBytes: number;
  authBodyBytes: number;
  jsonDepth: number;
}

let cached: RequestLimits | undefined;

export function parseRequestLimits(source: Record<string, string | undefined>): RequestLimits {
  const pick = (k: keyof z.input<typeof limitsSchema>) => (source[k] === "" ? undefined : source[k]);
  const e = limitsSchema.parse({
    SWITCHYARD_MAX_BODY_BYTES: pick("SWITCHYARD_MAX_BODY_BYTES"),
    SWITCHYARD_MAX_AUTH_BODY_BYTES: pick("SWITCHYARD_MAX_AUTH_BODY_BYTES"),
    SWITCHYARD_MAX_JSON_DEPTH: pick("SWITCHYARD_MAX_JSON_DEPTH"),
  });
  return {
    bodyBytes: e.SWITCHYARD_MAX_BODY_BYTES,
    authBodyBytes: e.SWITCHYARD_MAX_AUTH_BODY_BYTES,
    jsonDepth: e.SWITCHYARD_MAX_JSON_DEPTH,
  };
}

export function requestLimits(): RequestLimits {
  cached ??= parseRequestLimits(process.env);
  return cached;
}
