// MCP servers (Settings → MCP servers): create, edit, delete (each audited in its transaction) and the
// tool list, fetched with the SDK client through the SSRF-safe fetch and cached in the row. A failed
// refresh keeps the cached list and records why. The engine reads the same rows (lib/agents/mcp-tool.ts).
import "server-only";
import { randomUUID } from "node:crypto";
import { appendAudit } from "@/lib/db/audit-store";
import { withUniqueName } from "@/lib/db/unique-name";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import {
  deleteMcpServerRow,
  insertMcpServer,
  selectMcpServer,
  selectMcpServers,
  updateMcpServerRow,
  updateMcpTools,
} from "@/lib/db/mcp-server-store";
import { DomainError, ProblemsError, notFound } from "@/lib/errors/domain-error";
import { loadCredentialSecret } from "@/lib/credentials/credential-service";
import { redactSecrets } from "@/lib/security/secrets";
import { hashJson } from "@/lib/security/hash";
import { connectMcp, type McpFetch } from "@/lib/mcp/mcp-connect";
import { mcpAuthFetch, mcpAuthOf, type McpAuth } from "@/lib/mcp/mcp-oauth";
import {
  mcpServerTargetSchema,
  mcpToolSchema,
  type McpServerCreate,
  type McpServerPatch,
  type McpToolInfo,
  type PublicMcpServer,
} from "@/lib/mcp/mcp-schemas";

const uniqueName = <T>(write: () => Promise<T>): Promise<T> => withUniqueName("An MCP server", write);

function checkStdio(command: string, transport: string, stdioCommands: Record<string, string[]>): void {
  if (transport === "stdio" && !Object.hasOwn(stdioCommands, command)) {
    throw new ProblemsError("validation_failed", `"${command}" is not a configured stdio command`, [
      {
        path: "command",
        message: `Configured: ${Object.keys(stdioCommands).join(", ") || "none (SWITCHYARD_MCP_STDIO_COMMANDS is empty)"}`,
      },
    ]);
  }
}

export async function listMcpServers(db: SqlQuery): Promise<PublicMcpServer[]> {
  return selectMcpServers(db);
}

export async function getMcpServer(db: SqlQuery, id: string): Promise<PublicMcpServer | null> {
  return selectMcpServer(db, id);
}

export async function createMcpServer(
  db: SqlDb,
  input: McpServerCreate,
  actorId: string | null,
  stdioCommands: Record<string, string[]>,
): Promise<PublicMcpServer> {
  checkStdio(input.command, input.transport, stdioCommands);
  const id = randomUUID();
  const now = Date.now();
  const row = {
    id,
    name: input.name,
    transport: input.transport,
    url: input.transport === "stdio" ? "" : input.url,
    command: input.transport === "stdio" ? input.command : "",
    credentialId: input.credentialId,
    createdById: actorId,
    atMs: now,
  };
  return uniqueName(() =>
    db.tx(async (q) => {
      await insertMcpServer(q, row);
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "mcp_server.created",
        targetType: "mcp_server",
        targetId: id,
        data: { name: row.name, transport: row.transport, url: row.url, command: row.command, credentialId: row.credentialId },
      });
      return (await selectMcpServer(q, id))!;
    }),
  );
}

export async function updateMcpServer(
  db: SqlDb,
  id: string,
  patch: McpServerPatch,
  actorId: string | null,
  stdioCommands: Record<string, string[]>,
): Promise<PublicMcpServer> {
  const now = Date.now();
  return uniqueName(() =>
    db.tx(async (q) => {
      const current = await selectMcpServer(q, id);
      if (!current) throw notFound("MCP server");
      const merged = {
        transport: patch.transport ?? current.transport,
        url: patch.url ?? current.url,
        command: patch.command ?? current.command,
      };
      const target = mcpServerTargetSchema.safeParse(merged);
      if (!target.success) {
        throw new ProblemsError(
          "validation_failed",
          "Invalid MCP server",
          target.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
        );
      }
      checkStdio(merged.command, merged.transport, stdioCommands);
      await updateMcpServerRow(q, id, patch, now);
      await appendAudit(q, db.dialect, {
        atMs: now,
        actorId,
        action: "mcp_server.updated",
        targetType: "mcp_server",
        targetId: id,
        data: { ...patch },
      });
      return (await selectMcpServer(q, id))!;
    }),
  );
}

export async function deleteMcpServer(db: SqlDb, id: string, actorId: string | null): Promise<void> {
  const now = Date.now();
  await db.tx(async (q) => {
    const deleted = await deleteMcpServerRow(q, id);
    if (!deleted) throw notFound("MCP server");
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "mcp_server.deleted",
      targetType: "mcp_server",
      targetId: id,
      data: { name: deleted.name },
    });
  });
}

/** The credential's auth (headers or OAuth client) and the strings to redact (an admin's refresh: no role check). */
async function serverAuth(db: SqlQuery, server: PublicMcpServer): Promise<McpAuth> {
  if (!server.credentialId) return { headers: {}, secrets: [] };
  const cred = await loadCredentialSecret(db, server.credentialId);
  if (!cred) throw new DomainError("credential_missing", `The MCP server's credential ${server.credentialId} does not exist (deleted?)`);
  return mcpAuthOf(cred.secret);
}

/** Lists a server's tools with the SDK client (all pages). */
export async function fetchMcpTools(
  server: PublicMcpServer,
  opts: { fetch: McpFetch; auth: McpAuth; stdioCommands: Record<string, string[]> },
): Promise<McpToolInfo[]> {
  const client = await connectMcp(server, {
    fetch: mcpAuthFetch(opts.fetch, opts.auth, server.url),
    headers: opts.auth.headers,
    stdioCommands: opts.stdioCommands,
  });
  try {
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await client.listTools(cursor ? { cursor } : undefined);
      for (const t of r.tools)
        tools.push(mcpToolSchema.parse({ name: t.name, description: t.description ?? "", inputSchema: t.inputSchema }));
      cursor = r.nextCursor;
      if (!cursor) break;
    }
    return tools;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Fetch the tool list and cache it; a failure is recorded on the row and thrown as `mcp_unreachable`. */
export async function refreshMcpTools(
  db: SqlDb,
  id: string,
  actorId: string | null,
  opts: { fetch: McpFetch; stdioCommands: Record<string, string[]> },
): Promise<PublicMcpServer> {
  const server = await selectMcpServer(db, id);
  if (!server) throw notFound("MCP server");
  const auth = await serverAuth(db, server);
  const now = Date.now();
  let tools: McpToolInfo[];
  try {
    tools = await fetchMcpTools(server, { fetch: opts.fetch, auth, stdioCommands: opts.stdioCommands });
  } catch (e) {
    const message = redactSecrets(`Could not list the tools of "${server.name}": ${(e as Error).message}`, auth.secrets);
    await updateMcpTools(db, id, { error: message }, now);
    throw new DomainError("mcp_unreachable", message);
  }
  const before = new Map(server.tools.map((t) => [t.name, hashJson(t.inputSchema)]));
  const changed = tools.filter((t) => before.has(t.name) && before.get(t.name) !== hashJson(t.inputSchema)).map((t) => t.name);
  await db.tx(async (q) => {
    await updateMcpTools(q, id, { tools }, now);
    await appendAudit(q, db.dialect, {
      atMs: now,
      actorId,
      action: "mcp_server.tools_refreshed",
      targetType: "mcp_server",
      targetId: id,
      data: { tools: tools.map((t) => t.name), schemaChanged: changed },
    });
  });
  return (await selectMcpServer(db, id))!;
}
