"use client";
// Settings → MCP servers (admin): servers agent nodes call tools on, each with its cached tool list
// and a Refresh button that fetches it again.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil, Plug, Plus, RefreshCw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { PublicMcpServer } from "@/lib/mcp/mcp-schemas";
import { mcpServersKey } from "@/components/editor/inspector/mcp-server-select";
import { McpServerFormDialog } from "./mcp-server-form-dialog";
import { ProvidersDeleteButton } from "./providers-delete-button";
import { FormError } from "@/components/ui/form-error";

const transportLabels = { http: "Streamable HTTP", sse: "SSE", stdio: "stdio" } as const;

function RefreshButton({ server }: { server: PublicMcpServer }) {
  const qc = useQueryClient();
  const refresh = useMutation({
    mutationFn: () => apiFetch(`/api/v1/mcp-servers/${server.id}/refresh`, { method: "POST" }),
    onSuccess: () => toast.success(`Tools of ${server.name} refreshed`),
    onError: (e) => toast.error(e.message),
    onSettled: () => qc.invalidateQueries({ queryKey: mcpServersKey }),
  });
  return (
    <Button
      variant="outline"
      size="sm"
      onClick={() => refresh.mutate()}
      disabled={refresh.isPending}
      aria-label={`Refresh tools of ${server.name}`}
    >
      <RefreshCw aria-hidden className={refresh.isPending ? "animate-spin" : undefined} />
      Refresh
    </Button>
  );
}

export function McpServersPanel() {
  const { data, isPending, error } = useQuery({
    queryKey: mcpServersKey,
    queryFn: () => apiFetch<{ mcpServers: PublicMcpServer[]; stdioCommands: string[] }>("/api/v1/mcp-servers"),
  });
  const add = (label: string) => (
    <McpServerFormDialog
      stdioCommands={data?.stdioCommands ?? []}
      trigger={
        <Button>
          <Plus aria-hidden />
          {label}
        </Button>
      }
    />
  );
  return (
    <Card id="mcp-servers" className="scroll-mt-20">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-4">
        <div className="grid gap-1">
          <CardTitle>
            <h2>MCP servers</h2>
          </CardTitle>
          <CardDescription>Model Context Protocol servers whose tools agent nodes may call.</CardDescription>
        </div>
        {add("Add MCP server")}
      </CardHeader>
      <CardContent>
        {isPending ? (
          <Spinner label="Loading MCP servers…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : data.mcpServers.length === 0 ? (
          <EmptyState
            icon={Plug}
            title="No MCP server yet"
            description="Add a server by its URL; its tools are listed here and can be given to agent nodes."
            action={add("Add your first MCP server")}
          />
        ) : (
          <ul className="grid gap-3" aria-label="MCP servers">
            {data.mcpServers.map((s) => (
              <li key={s.id} className="grid gap-2 rounded-md border p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="flex min-w-0 flex-wrap items-center gap-2">
                    <h3 className="font-medium">{s.name}</h3>
                    <Badge variant="outline">{transportLabels[s.transport]}</Badge>
                    <span className="truncate font-mono text-xs text-muted-foreground">{s.transport === "stdio" ? s.command : s.url}</span>
                  </div>
                  <div className="flex items-center gap-1">
                    <RefreshButton server={s} />
                    <McpServerFormDialog
                      server={s}
                      stdioCommands={data.stdioCommands}
                      trigger={
                        <Button variant="ghost" size="icon" aria-label={`Edit ${s.name}`}>
                          <Pencil aria-hidden />
                        </Button>
                      }
                    />
                    <ProvidersDeleteButton url={`/api/v1/mcp-servers/${s.id}`} name={s.name} what="MCP server" queryKey={mcpServersKey} />
                  </div>
                </div>
                {s.toolsError && <FormError>{s.toolsError}</FormError>}
                {s.tools.length ? (
                  <ul className="flex flex-wrap gap-1.5" aria-label={`Tools of ${s.name}`}>
                    {s.tools.map((t) => (
                      <li key={t.name}>
                        <Badge variant="secondary" title={t.description}>
                          {t.name}
                        </Badge>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-sm text-muted-foreground">No tools fetched yet — press Refresh.</p>
                )}
                {s.toolsFetchedAtMs !== null && (
                  <p className="text-xs text-muted-foreground">
                    {s.tools.length} tool{s.tools.length === 1 ? "" : "s"} · fetched {new Date(s.toolsFetchedAtMs).toLocaleString()}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
