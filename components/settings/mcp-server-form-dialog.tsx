"use client";
// Add or edit an MCP server: transport, URL (HTTP / SSE) or a configured stdio command, and the
// stored credential its requests carry.
import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { PublicCredential } from "@/lib/credentials/credential-schemas";
import type { McpTransport, PublicMcpServer } from "@/lib/mcp/mcp-schemas";
import { mcpServersKey } from "@/components/editor/inspector/mcp-server-select";

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
  const qc = useQueryClient();
  const editing = server !== undefined;
  const [open, setOpen] = useState(false);
  const [transport, setTransport] = useState<McpTransport>(server?.transport ?? "http");
  const [error, setError] = useState<string | null>(null);
  const credentials = useQuery({
    queryKey: ["credentials"],
    queryFn: () => apiFetch<{ credentials: PublicCredential[] }>("/api/v1/credentials"),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: async (body: Record<string, unknown>) => {
      const r = editing
        ? await apiFetch<{ mcpServer: PublicMcpServer }>(`/api/v1/mcp-servers/${server.id}`, { method: "PATCH", body })
        : await apiFetch<{ mcpServer: PublicMcpServer }>("/api/v1/mcp-servers", { method: "POST", body });
      // fetch the tool list right away; a failure is shown on the row, the server stays saved
      await apiFetch(`/api/v1/mcp-servers/${r.mcpServer.id}/refresh`, { method: "POST" }).catch(() => undefined);
      return r;
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: mcpServersKey });
      setOpen(false);
      toast.success(editing ? "MCP server saved" : "MCP server added");
    },
    onError: (e) => setError(e.message),
  });

  function onOpenChange(next: boolean) {
    if (next) {
      setTransport(server?.transport ?? "http");
      setError(null);
    }
    setOpen(next);
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const f = new FormData(e.currentTarget);
    const credentialId = String(f.get("mcp-credential") ?? "");
    save.mutate({
      name: String(f.get("mcp-name") ?? ""),
      transport,
      ...(transport === "stdio" ? { command: String(f.get("mcp-command") ?? "") } : { url: String(f.get("mcp-url") ?? "") }),
      credentialId: credentialId || null,
    });
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-lg">
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{editing ? `Edit ${server.name}` : "Add MCP server"}</DialogTitle>
            <DialogDescription>
              Agent nodes can call this server&apos;s tools. Requests go through the outbound address policy.
            </DialogDescription>
          </DialogHeader>
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
          <div className="grid gap-1.5">
            <Label htmlFor="mcp-name">Name</Label>
            <Input id="mcp-name" name="mcp-name" defaultValue={server?.name} required />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="mcp-transport">Transport</Label>
            <select
              id="mcp-transport"
              className={selectClass}
              value={transport}
              onChange={(e) => setTransport(e.target.value as McpTransport)}
            >
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
            <div className="grid gap-1.5">
              <Label htmlFor="mcp-url">URL</Label>
              <Input
                id="mcp-url"
                name="mcp-url"
                type="url"
                defaultValue={server?.url}
                placeholder="https://tools.example.com/mcp"
                required
              />
            </div>
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
          <DialogFooter>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : editing ? "Save" : "Add server"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
