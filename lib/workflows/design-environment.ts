// Server only: the workspace a workflow's references are checked against at design time (providers
// and their models, people and roles who may decide, credentials, the HTTP allow-list). The editor
// page reads it once and the editor's validator uses it (lib/model/validation/design-rules.ts).
// Names and ids only: no secrets, no e-mail addresses.
import type { SqlDb } from "@/lib/db/sql";
import { listUsers } from "@/lib/db/user-store";
import { permissions } from "@/lib/auth/roles";
import { listCredentials } from "@/lib/credentials/credential-service";
import { env } from "@/lib/env";
import type { DesignEnvironment } from "@/lib/model/validate-graph";
import { listProviders } from "@/lib/providers/provider-service";
import { listMcpServers } from "@/lib/mcp/mcp-server-service";

export async function loadDesignEnvironment(db: SqlDb): Promise<DesignEnvironment> {
  const [providers, users, credentials, mcpServers] = await Promise.all([
    listProviders(db),
    listUsers(db),
    listCredentials(db),
    listMcpServers(db),
  ]);
  return {
    httpAllowList: env().SWITCHYARD_HTTP_ALLOWLIST,
    providers: providers.map((p) => ({
      id: p.id,
      name: p.name,
      isDefault: p.isDefault,
      defaultModel: p.defaultModel,
      models: p.models.length ? [...new Set([p.defaultModel, ...p.models.map((m) => m.id)].filter(Boolean))] : [],
    })),
    users: users.map((u) => ({ id: u.id, name: u.name, role: u.role, disabled: u.disabled })),
    credentials: credentials.map((c) => ({ id: c.id, name: c.name })),
    decidingRoles: [...permissions["tasks:decide"]],
    mcpServers: mcpServers.map((s) => ({
      id: s.id,
      name: s.name,
      tools: s.tools.map((t) => ({ name: t.name, inputSchema: t.inputSchema })),
    })),
  };
}
