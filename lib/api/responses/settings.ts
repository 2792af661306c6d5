// Response schemas of the settings routes: users, credentials, model providers, agent memory.
import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { anyJson, epochMs, isoTime, obj } from "./common";

export const userSchema = obj({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: isoTime,
}).meta({ id: "User" });
export const userBody = obj({ user: userSchema });
export const usersBody = obj({ users: z.array(userSchema) });

export const credentialSchema = obj({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  allowedRoles: z.array(roleSchema),
  hasSecret: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
}).meta({ id: "Credential", description: "Metadata only: a secret is never returned." });
export const credentialBody = obj({ credential: credentialSchema });
export const credentialsBody = obj({ credentials: z.array(credentialSchema) });

export const providerSchema = obj({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string().nullable(),
  hasKey: z.boolean(),
  defaultModel: z.string(),
  models: z.array(z.string()),
  isDefault: z.boolean(),
  fromEnvironment: z.boolean(),
  maxConcurrency: z.number().int().nullable().meta({ description: "At most this many calls at once across all workers; null: no limit." }),
  tokensPerMinute: z
    .number()
    .int()
    .nullable()
    .meta({ description: "At most this many tokens per minute across all workers; null: no limit." }),
  createdAt: isoTime,
  updatedAt: isoTime,
}).meta({ id: "Provider", description: "An API key is never returned; hasKey says whether one is stored." });
export const providerBody = obj({ provider: providerSchema });
export const providersBody = obj({ providers: z.array(providerSchema) });
export const providerTestBody = obj({
  result: z.union([
    obj({ ok: z.literal(true), method: z.enum(["models", "completion"]), latencyMs: z.number(), models: z.array(z.string()) }),
    obj({
      ok: z.literal(false),
      method: z.enum(["models", "completion"]),
      latencyMs: z.number(),
      message: z.string(),
      retryable: z.boolean(),
    }),
  ]),
});

const retention = z.number().int().nullable().meta({ description: "Days memory is kept; null keeps it until erased." });
export const memoryWorkflowsBody = obj({
  workflows: z.array(
    obj({ workflowId: z.string(), name: z.string(), subjects: z.number().int(), entries: z.number().int(), retentionDays: retention }),
  ),
});
export const memoryWorkflowBody = obj({
  workflow: obj({ id: z.string(), name: z.string(), retentionDays: retention }),
  subjects: z.array(obj({ subjectKey: z.string(), turns: z.number().int(), facts: z.number().int(), lastAtMs: epochMs })),
});
export const memoryEntrySchema = obj({
  id: z.string(),
  key: z.string(),
  runId: z.string().nullable(),
  createdAtMs: epochMs,
  expiresAtMs: epochMs.nullable(),
  kind: z.string(),
  content: anyJson,
}).meta({ id: "MemoryEntry" });
export const memoryEntriesBody = obj({ entries: z.array(memoryEntrySchema) });
export const memoryEntryBody = obj({ entry: memoryEntrySchema });
export const memoryErasedBody = obj({ erased: z.number().int() });
export const retentionBody = obj({ retentionDays: retention });

export const mcpServerSchema = obj({
  id: z.string(),
  name: z.string(),
  transport: z.enum(["http", "sse", "stdio"]),
  url: z.string(),
  command: z.string(),
  credentialId: z.string().nullable(),
  tools: z.array(obj({ name: z.string(), description: z.string(), inputSchema: anyJson })),
  toolsFetchedAtMs: epochMs.nullable(),
  toolsError: z.string().nullable(),
  createdAtMs: epochMs,
  updatedAtMs: epochMs,
}).meta({ id: "McpServer", description: "An MCP server agents may call tools on, with its cached tool list." });
export const mcpServerBody = obj({ mcpServer: mcpServerSchema });
export const mcpServersBody = obj({ mcpServers: z.array(mcpServerSchema), stdioCommands: z.array(z.string()) });

export const mcpExposureResponse = obj({
  expose: z.boolean(),
  toolName: z.string(),
  description: z.string(),
  defaultToolName: z.string(),
  live: z.boolean(),
  tool: z.string().nullable(),
}).meta({ id: "McpExposure" });
