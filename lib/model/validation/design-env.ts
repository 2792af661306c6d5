// What the workspace holds that a workflow refers to: model providers and their models, people who
// may be assigned approvals, stored credentials, and the HTTP allow-list. The editor page reads it on
// the server (lib/workflows/design-environment.ts) and the validator checks references against it.
// Absent (the engine compiling a version), the checks that need it are skipped.

export interface DesignProvider {
  id: string;
  name: string;
  isDefault: boolean;
  defaultModel: string;
  /** Model names the provider lists in Settings (empty: it lists none, so any name is taken). */
  models: string[];
}

export interface DesignUser {
  id: string;
  name: string;
  role: string;
  disabled: boolean;
}

export interface DesignEnvironment {
  /** SWITCHYARD_HTTP_ALLOWLIST entries (hosts, *.suffixes, IPs, CIDRs) that re-allow refused destinations. */
  httpAllowList: string[];
  providers: DesignProvider[];
  users: DesignUser[];
  credentials: { id: string; name: string }[];
  /** Roles whose members may decide approvals. */
  decidingRoles: string[];
  /** MCP servers from Settings with their cached tools (absent: not checked). */
  mcpServers?: { id: string; name: string; tools: { name: string; inputSchema: Record<string, unknown> }[] }[];
}
