// Shapes of model providers at the API boundary and in the ModelProvider table. The API key is
// write-only: inputs may carry `apiKey`, outputs only ever say `hasKey`.
import { z } from "zod";
import { nameText } from "@/lib/model/text-fields";

/** An OpenAI-compatible base URL: http(s) only (the provider is trusted admin config, not user input). */
export const baseUrlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
    } catch {
      return false;
    }
  }, "Base URL must be an http:// or https:// URL without credentials in it");

const modelIdSchema = z.string().trim().min(1, "Model id is required").max(200);

/** A model a provider offers, with prices in USD per million tokens. */
export const modelPriceSchema = z.strictObject({
  id: modelIdSchema,
  inputPerMTok: z.number().min(0).max(100_000).default(0),
  outputPerMTok: z.number().min(0).max(100_000).default(0),
});
export type ModelPrice = z.output<typeof modelPriceSchema>;

export const modelListSchema = z
  .array(modelPriceSchema)
  .max(200)
  .refine((ms) => new Set(ms.map((m) => m.id)).size === ms.length, "Model ids must be unique");

/** Shared by all workers through the database (lib/providers/provider-limits.ts); null: no limit. */
const maxConcurrencySchema = z
  .number({ error: "Max concurrent calls must be a whole number" })
  .int("Max concurrent calls must be a whole number")
  .min(1, "Max concurrent calls must be at least 1")
  .max(10_000, "Max concurrent calls must be at most 10,000")
  .nullable();
const tokensPerMinuteSchema = z
  .number({ error: "Tokens per minute must be a whole number" })
  .int("Tokens per minute must be a whole number")
  .min(100, "Tokens per minute must be at least 100")
  .max(1_000_000_000, "Tokens per minute must be at most 1,000,000,000")
  .nullable();

const nameSchema = nameText({ max: 100, required: "Name is required" });
const apiKeySchema = z.string().trim().min(1, "API key must not be empty").max(10_000);

export const providerCreateSchema = z.strictObject({
  name: nameSchema,
  baseUrl: baseUrlSchema.nullable().optional(),
  apiKey: apiKeySchema.nullable().optional(),
  defaultModel: modelIdSchema,
  models: modelListSchema.default([]),
  isDefault: z.boolean().default(false),
  maxConcurrency: maxConcurrencySchema.default(null),
  tokensPerMinute: tokensPerMinuteSchema.default(null),
});
export type ProviderCreate = z.output<typeof providerCreateSchema>;

/** PATCH: every field optional; `apiKey: null` removes the key, a string replaces it, absent keeps it. */
export const providerPatchSchema = z
  .strictObject({
    name: nameSchema.optional(),
    baseUrl: baseUrlSchema.nullable().optional(),
    apiKey: apiKeySchema.nullable().optional(),
    defaultModel: modelIdSchema.optional(),
    models: modelListSchema.optional(),
    isDefault: z.boolean().optional(),
    maxConcurrency: maxConcurrencySchema.optional(),
    tokensPerMinute: tokensPerMinuteSchema.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "Provide at least one field to change");
export type ProviderPatch = z.output<typeof providerPatchSchema>;

/** What the browser sees of a provider. */
export interface PublicProvider {
  id: string;
  name: string;
  baseUrl: string | null;
  hasKey: boolean;
  defaultModel: string;
  models: ModelPrice[];
  isDefault: boolean;
  /** Created from OPENAI_API_KEY / OPENAI_BASE_URL (kept in sync with the environment). */
  fromEnvironment: boolean;
  /** Limits shared by all workers; null: none. */
  maxConcurrency: number | null;
  tokensPerMinute: number | null;
  createdAt: string;
  updatedAt: string;
}

/** Server-only: everything needed to call the provider. Never serialise this to a response. */
export interface ProviderSecretConfig {
  id: string;
  name: string;
  baseUrl: string | null;
  apiKey: string | null;
  defaultModel: string;
  models: ModelPrice[];
  /** Limits shared by all workers (absent or null: none). */
  maxConcurrency?: number | null;
  tokensPerMinute?: number | null;
}

/** Result of "Test connection" (the message is the provider's, with the key redacted). */
export type ConnectionTestResult =
  | { ok: true; method: "models" | "completion"; latencyMs: number; models: string[] }
  | { ok: false; method: "models" | "completion"; latencyMs: number; message: string; retryable: boolean };

export const ENV_PROVIDER_ID = "env-openai";
