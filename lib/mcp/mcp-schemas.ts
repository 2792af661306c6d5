// MCP servers agents call tools on (Settings → MCP servers): what an admin sends, what is stored and
// shown, and the cached tool list. Shared by the API, the Settings panel and the design-time checks.
import { z } from "zod";

export const MCP_TRANSPORTS = ["http", "sse", "stdio"] as const;
export type McpTransport = (typeof MCP_TRANSPORTS)[number];

/** One tool as the server listed it (cached in the McpServer row). */
export const mcpToolSchema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().max(4000).default(""),
  inputSchema: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
});
export type McpToolInfo = z.output<typeof mcpToolSchema>;

const name = z.string().trim().min(1, "Name is required").max(100);
const url = z.string().trim().max(2000);
const command = z.string().trim().max(64);

const base = {
  name,
  transport: z.enum(MCP_TRANSPORTS),
  url: url.default(""),
  command: command.default(""),
  credentialId: z.string().min(1).max(200).nullable().default(null),
};

function checkTarget(s: { transport?: McpTransport; url?: string; command?: string }, ctx: z.RefinementCtx): void {
  if (s.transport === "stdio") {
    if (!s.command) ctx.addIssue({ code: "custom", path: ["command"], message: "Pick a command from the configured stdio commands" });
    return;
  }
  if (s.transport && !/^https?:\/\/\S+$/i.test(s.url ?? "")) {
    ctx.addIssue({ code: "custom", path: ["url"], message: "Enter the server's http:// or https:// URL" });
  }
}

export const mcpServerCreateSchema = z.strictObject(base).superRefine(checkTarget);
export type McpServerCreate = z.output<typeof mcpServerCreateSchema>;

export const mcpServerPatchSchema = z
  .strictObject({
    name: name.optional(),
    transport: z.enum(MCP_TRANSPORTS).optional(),
    url: url.optional(),
    command: command.optional(),
    credentialId: z.string().min(1).max(200).nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "Nothing to change");
export type McpServerPatch = z.output<typeof mcpServerPatchSchema>;

/** Checks a server's target after a patch was merged into it. */
export const mcpServerTargetSchema = z
  .object({ transport: z.enum(MCP_TRANSPORTS), url: z.string(), command: z.string() })
  .superRefine(checkTarget);

export interface PublicMcpServer {
  id: string;
  name: string;
  transport: McpTransport;
  url: string;
  command: string;
  credentialId: string | null;
  tools: McpToolInfo[];
  toolsFetchedAtMs: number | null;
  /** Why the last refresh failed (the cached list is the one before it). */
  toolsError: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A tool name the model may call: the agent's entry name, plus the server's tool name for "all tools" entries. */
export function mcpExposedName(prefix: string, tool: string): string {
  return `${prefix}_${tool.replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 64);
}
