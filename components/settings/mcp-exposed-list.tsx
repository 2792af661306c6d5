import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { ExposedWorkflow } from "@/lib/mcp/mcp-exposed-tools";

/** Settings → the workflows Switchyard's MCP endpoint offers as tools (each set on its workflow's settings). */
export function McpExposedList({ tools }: { tools: ExposedWorkflow[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2 id="mcp-exposed-title">Workflows exposed on /api/v1/mcp</h2>
        </CardTitle>
        <CardDescription>Live workflows agents can call as MCP tools. Change one in its workflow&apos;s settings.</CardDescription>
      </CardHeader>
      <CardContent>
        {tools.length === 0 ? (
          <p className="text-sm text-muted-foreground">No workflow is exposed.</p>
        ) : (
          <ul aria-labelledby="mcp-exposed-title" className="grid gap-2">
            {tools.map((t) => (
              <li key={t.workflowId} className="grid gap-0.5 rounded-md border p-3 text-sm">
                <span className="break-all font-mono">{t.tool}</span>
                <span className="text-muted-foreground">{t.description}</span>
                <Link className="w-fit underline underline-offset-4" href={`/workflows/${encodeURIComponent(t.workflowId)}/settings`}>
                  {t.workflowName} settings
                </Link>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
