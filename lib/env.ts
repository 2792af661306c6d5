// The one place the environment is read. Parsed with zod at start; a bad variable stops the
// process with a message naming it. Every variable is documented in .env.example.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres:\/\/|postgresql:\/\/)/, "must start with file:, postgres:// or postgresql://")
    .default("file:./data/switchyard.db"),
  SQLITE_SYNCHRONOUS: z.enum(["NORMAL", "FULL"]).default("NORMAL"),
  SQLITE_WAL_CHECKPOINT: z.enum(["thread", "inline"]).default("thread"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SWITCHYARD_BASE_URL: z.url().optional(),
  SWITCHYARD_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SWITCHYARD_WORKER: z.enum(["inprocess", "off"]).default("inprocess"),
  SWITCHYARD_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  SWITCHYARD_LEASE_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  SWITCHYARD_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1500),
  // "off" behind a transaction-mode pooler (PgBouncer), where LISTEN cannot work: no LISTEN, and
  // workers poll every 100 ms (or SWITCHYARD_POLL_MS when lower) instead (docs/postgresql.md)
  SWITCHYARD_PG_LISTEN: z.enum(["on", "off"]).default("on"),
  // "off" sends every API request through Next.js's request pipeline instead of the production
  // server's direct path to the route handlers (scripts/api-dispatch.mjs)
  SWITCHYARD_DIRECT_API: z.enum(["on", "off"]).default("on"),
  // finished runs' steps, events and model calls move to the archive tables this long after the run
  // finished (lib/db/ARCHITECTURE.md, "History that stays fast"); 0 keeps everything in the hot tables
  SWITCHYARD_ARCHIVE_AFTER_MINUTES: z.coerce.number().int().min(0).max(525_600).default(60),
  // test hooks for crash tests: SIGKILL the worker at a named point (unset in production)
  SWITCHYARD_CRASH_AT: z.enum(["after_claim", "after_effect", "before_commit", "after_commit"]).optional(),
  SWITCHYARD_CRASH_AFTER_N: z.coerce.number().int().min(1).default(1),
  SWITCHYARD_HTTP_ALLOWLIST: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  // MCP servers an admin may add with the stdio transport: JSON {"name": ["/path/to/command", "arg", ...]}.
  // Settings can only pick a name from this list, never type a command (docs/agents.md).
  SWITCHYARD_MCP_STDIO_COMMANDS: z
    .string()
    .default("{}")
    .transform((s, ctx) => {
      const parsed = z.record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), z.array(z.string().min(1)).min(1)).safeParse(
        (() => {
          try {
            return JSON.parse(s || "{}") as unknown;
          } catch {
            return null;
          }
        })(),
      );
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: 'must be JSON like {"name": ["/path/to/command", "arg"]}' });
        return z.NEVER;
      }
      return parsed.data;
    }),
  // Switchyard's MCP endpoint (/api/v1/mcp) also offers the inbox (list_tasks, decide_task) to API keys
  // whose user may decide tasks. Off by default.
  SWITCHYARD_MCP_INBOX_TOOLS: bool,
  SWITCHYARD_SECRET_KEY: z.string().optional(),
  SWITCHYARD_SECRET_KEY_FILE: z.string().optional(),
  SWITCHYARD_SECRET_KEY_PREVIOUS: z.string().optional(),
  // Ed25519 key that signs audit checkpoints: base64 of the 32-byte seed, or a PKCS#8 PEM.
  // Default: generated once into data/audit-signing.key.
  SWITCHYARD_AUDIT_SIGNING_KEY: z.string().optional(),
  SWITCHYARD_SECURE_COOKIES: bool,
  SWITCHYARD_SIGNIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(10),
  // failed sign-ins allowed per account (email) per 15 minutes, whatever the client address
  SWITCHYARD_SIGNIN_ACCOUNT_LIMIT: z.coerce.number().int().min(1).max(100000).default(10),
  // true only behind a reverse proxy that sets X-Forwarded-For/-Host itself; otherwise they are ignored
  SWITCHYARD_TRUST_PROXY: bool,
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default("switchyard@localhost"),
  // telemetry (docs/monitoring.md): traces over OTLP/HTTP when the endpoint is set; /api/metrics when the token is set
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().default("switchyard"),
  SWITCHYARD_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  SWITCHYARD_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const res = envSchema.safeParse(source);
  if (!res.success) {
    const lines = res.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return res.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

export function isPostgresUrl(url: string): boolean {
  return url.startsWith("postgres://") || url.startsWith("postgresql://");
}

/** Path of the SQLite file for a file: URL, relative paths resolved against the working directory. */
export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}
