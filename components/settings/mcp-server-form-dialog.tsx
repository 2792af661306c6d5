"use client";
// Add or edit an MCP server: transport, URL (HTTP / SSE) or a configured stdio command, and the
// stored credential its requests carry.
import { useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { Label } from "@/components/ui/label";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { PublicCredential } from "@/lib/credentials/credential-schemas";
import type { McpTransport, PublicMcpServer } from "@/lib/mcp/mcp-schemas";
import { mcpServersKey } from "@/components/editor/inspector/mcp-server-select";
import { FormField } from "./form-field";
import { SettingsFormDialog, useSettingsSave } from "./settings-form-dialog";

const selectClass =
  "h-9 rounded-md border bg-background px-3 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring";

export function McpServerFormDialog({
  server,
  stdioCommands,
  trigger,
}: {
  server?: PublicMcpServer;
  stdioCommands: string[];
  trigger: ReactNode;
}) {
  const editing = server !== undefined;
  const [transport, setTransport] = useState<McpTransport>(server?.transport ?? "http");
  const { open, dialog } = useSettingsSave<{ mcpServer: PublicMcpServer }>({
    collection: "/api/v1/mcp-servers",
    id: server?.id,
    noun: "MCP server",
    listKey: mcpServersKey,
    read: (f) => {
      const credentialId = String(f.get("mcp-credential") ?? "");
      return {
        name: String(f.get("mcp-name") ?? ""),
        transport,
        ...(transport === "stdio" ? { command: String(f.get("mcp-command") ?? "") } : { url: String(f.get("mcp-url") ?? "") }),
        credentialId: credentialId || null,
      };
    },
    // fetch the tool list right away; a failure is shown on the row, the server stays saved
    afterSave: (r) => apiFetch(`/api/v1/mcp-servers/${r.mcpServer.id}/refresh`, { method: "POST" }).catch(() => undefined),
    onOpen: () => setTransport(server?.transport ?? "http"),
  });
  const credentials = useQuery({
    queryKey: ["credentials"],
    queryFn: () => apiFetch<{ credentials: PublicCredential[] }>("/api/v1/credentials"),
    enabled: open,
  });

  return (
    <SettingsFormDialog
      {...dialog}
      trigger={trigger}
      title={editing ? `Edit ${server.name}` : "Add MCP server"}
      description="Agent nodes can call this server's tools. Requests go through the outbound address policy."
      submitLabel={editing ? "Save" : "Add server"}
      className="sm:max-w-lg"
    >
      <FormField id="mcp-name" label="Name" defaultValue={server?.name} required />
      <div className="grid gap-1.5">
        <Label htmlFor="mcp-transport">Transport</Label>
        <select id="mcp-transport" className={selectClass} value={transport} onChange={(e) => setTransport(e.target.value as McpTransport)}>
          <option value="http">Streamable HTTP</option>
          <option value="sse">HTTP with server-sent events (older servers)</option>
          <option value="stdio" disabled={stdioCommands.length === 0}>
            Local command (stdio){stdioCommands.length === 0 ? " — none configured" : ""}
          </option>
        </select>
      </div>
      {transport === "stdio" ? (
        <div className="grid gap-1.5">
          <Label htmlFor="mcp-command">Command</Label>
          <select id="mcp-command" name="mcp-command" className={selectClass} defaultValue={server?.command}>
            {stdioCommands.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <p className="text-xs text-muted-foreground">Commands come from SWITCHYARD_MCP_STDIO_COMMANDS on the server.</p>
        </div>
      ) : (
        <FormField id="mcp-url" label="URL" type="url" defaultValue={server?.url} placeholder="https://tools.example.com/mcp" required />
      )}
      <div className="grid gap-1.5">
        <Label htmlFor="mcp-credential">Credential</Label>
        <select id="mcp-credential" name="mcp-credential" className={selectClass} defaultValue={server?.credentialId ?? ""}>
          <option value="">None</option>
          {(credentials.data?.credentials ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <p className="text-xs text-muted-foreground">Bearer, API-key or custom headers from Settings → Credentials.</p>
      </div>
    </SettingsFormDialog>
  );
}
