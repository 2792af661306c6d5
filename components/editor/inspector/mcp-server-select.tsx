"use client";
// The MCP server picker of agent MCP tools: servers from Settings → MCP servers by name, with how
// many tools each lists. An id that is not in the list (deleted) stays selectable.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { PublicMcpServer } from "@/lib/mcp/mcp-schemas";
import { ReferenceSelect, retryUnlessDenied, type PickerProps } from "./reference-select";

/** Same key as Settings → MCP servers, so both share one cache entry. */
export const mcpServersKey = ["mcp-servers"] as const;

export function McpServerSelect({ id, value, onChange, invalid }: PickerProps<string | undefined>) {
  const { data, isPending, error } = useQuery({
    queryKey: mcpServersKey,
    queryFn: () => apiFetch<{ mcpServers: PublicMcpServer[]; stdioCommands: string[] }>("/api/v1/mcp-servers"),
    staleTime: 30_000,
    retry: retryUnlessDenied,
  });
  return (
    <ReferenceSelect
      id={id}
      value={value}
      invalid={invalid}
      onChange={(v) => onChange(v === "" ? undefined : v)}
      options={(data?.mcpServers ?? []).map((s) => ({
        value: s.id,
        label: `${s.name} · ${s.tools.length} tool${s.tools.length === 1 ? "" : "s"}`,
      }))}
      isPending={isPending}
      error={error}
      noun="MCP servers"
      placeholder="None"
      unknownLabel={(s) => `Unknown MCP server (${s})`}
      empty={
        <>
          No MCP servers yet —{" "}
          <Link href="/settings#mcp-servers" className="font-medium text-foreground underline underline-offset-2">
            add one in Settings
          </Link>
        </>
      }
    />
  );
}
