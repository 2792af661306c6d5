"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SaveRow } from "./save-row";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { SettingCheck } from "./setting-check";
import type { McpExposureView } from "@/lib/mcp/mcp-exposure";
import { FormError } from "@/components/ui/form-error";

const key = (workflowId: string) => ["workflow-mcp", workflowId];

function Status({ v }: { v: McpExposureView }) {
  const text = v.tool
    ? `Offered on /api/v1/mcp as the tool ${v.tool}.`
    : v.expose && !v.live
      ? "Not offered yet: publish a version and make it live."
      : "Not offered on /api/v1/mcp.";
  return (
    <p role="status" data-testid="mcp-exposure-status" className="text-sm">
      {text}
    </p>
  );
}

function ExposureForm({ workflowId, current }: { workflowId: string; current: McpExposureView }) {
  const qc = useQueryClient();
  const [expose, setExpose] = useState(current.expose);
  const [toolName, setToolName] = useState(current.toolName);
  const [description, setDescription] = useState(current.description);
  const save = useMutation({
    mutationFn: () =>
      apiFetch<McpExposureView>(`/api/v1/workflows/${encodeURIComponent(workflowId)}/mcp`, {
        method: "PUT",
        body: { expose, toolName: toolName.trim(), description: description.trim() },
      }),
    onSuccess: (next) => {
      qc.setQueryData(key(workflowId), next);
      toast.success(next.expose ? "Exposed as an MCP tool" : "No longer exposed as an MCP tool");
    },
  });
  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Status v={current} />
      <SettingCheck id="mcp-expose" label="Expose the live version as an MCP tool" checked={expose} onChange={setExpose} />
      <div className="grid max-w-sm gap-1">
        <Label htmlFor="mcp-tool-name">Tool name</Label>
        <Input
          id="mcp-tool-name"
          value={toolName}
          maxLength={64}
          placeholder={current.defaultToolName}
          aria-describedby="mcp-tool-name-help"
          autoComplete="off"
          onChange={(e) => setToolName(e.target.value)}
        />
        <p id="mcp-tool-name-help" className="text-xs text-muted-foreground">
          Letters, digits, _ or -. Empty: {current.defaultToolName}.
        </p>
      </div>
      <div className="grid gap-1">
        <Label htmlFor="mcp-description">Description for the calling agent</Label>
        <Textarea
          id="mcp-description"
          value={description}
          maxLength={2000}
          placeholder="What the workflow does and what it returns"
          onChange={(e) => setDescription(e.target.value)}
        />
      </div>
      <SaveRow error={save.error} pending={save.isPending} label="Save MCP exposure" />
    </form>
  );
}

/** Workflow settings → Expose as MCP tool: whether /api/v1/mcp offers this workflow, and as what. */
export function WorkflowMcpSection({ workflowId }: { workflowId: string }) {
  const { data, isPending, error } = useQuery({
    queryKey: key(workflowId),
    queryFn: () => apiFetch<McpExposureView>(`/api/v1/workflows/${encodeURIComponent(workflowId)}/mcp`),
  });
  return (
    <Card id="mcp-exposure" role="region" aria-labelledby="mcp-exposure-title">
      <CardHeader>
        <CardTitle>
          <h2 id="mcp-exposure-title">Expose as MCP tool</h2>
        </CardTitle>
        <CardDescription>
          Agents connected to Switchyard&apos;s MCP endpoint (/api/v1/mcp, with an API key) can start the live version as a tool; its input
          schema is the Start node&apos;s.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <Spinner label="Loading MCP exposure…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : (
          <ExposureForm key={JSON.stringify(data)} workflowId={workflowId} current={data} />
        )}
      </CardContent>
    </Card>
  );
}
