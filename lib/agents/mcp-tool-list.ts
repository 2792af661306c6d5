// The agent's tool list with its MCP entries resolved against the servers' cached tool lists
// (Settings → MCP servers, refreshed there): an entry naming a tool gets the cached description and
// argument schema when the node carries none; an entry without a tool name becomes one tool per
// server tool, named <entry name>_<tool> and sharing the entry's approval and idempotency settings.
// A missing server or tool is left to the call (which fails the step with the reason).
import "server-only";
import type { SqlDb } from "@/lib/db/sql";
import { selectMcpServer } from "@/lib/db/mcp-server-store";
import { mcpExposedName, type PublicMcpServer } from "@/lib/mcp/mcp-schemas";
import type { AgentTool } from "@/lib/agents/agent-tools";

type ArgsSchema = AgentTool["argsSchema"];
/** The server's input schema as the agent's argument schema (an MCP input schema is an object schema). */
const asArgs = (schema: Record<string, unknown> | undefined): ArgsSchema =>
  schema ? ({ properties: {}, ...schema, type: "object" } as ArgsSchema) : undefined;

export async function expandMcpTools(db: SqlDb, tools: readonly AgentTool[]): Promise<AgentTool[]> {
  if (!tools.some((t) => t.type === "mcp")) return [...tools];
  const servers = new Map<string, PublicMcpServer | null>();
  for (const t of tools) {
    if (t.type === "mcp" && t.serverId && !servers.has(t.serverId)) servers.set(t.serverId, await selectMcpServer(db, t.serverId));
  }
  const taken = new Set(tools.map((t) => t.name));
  return tools.flatMap((t): AgentTool[] => {
    if (t.type !== "mcp") return [t];
    const server = servers.get(t.serverId ?? "") ?? null;
    if (t.mcpTool) {
      const cached = server?.tools.find((x) => x.name === t.mcpTool);
      return [{ ...t, description: t.description || cached?.description || "", argsSchema: t.argsSchema ?? asArgs(cached?.inputSchema) }];
    }
    return (server?.tools ?? [])
      .map((x) => ({
        ...t,
        name: mcpExposedName(t.name, x.name),
        mcpTool: x.name,
        description: x.description,
        argsSchema: asArgs(x.inputSchema),
      }))
      .filter((x) => x.name === t.name || !taken.has(x.name));
  });
}
