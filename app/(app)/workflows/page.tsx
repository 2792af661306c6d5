import Link from "next/link";
import { Workflow } from "lucide-react";
import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/server/app-context";
import { COST_WINDOW_DAYS, listWorkflows, type WorkflowUsage } from "@/lib/db/workflow-list-read";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CreateWorkflowDialog } from "@/components/workflows/create-workflow-dialog";
import { ImportWorkflowDialog } from "@/components/workflows/import-workflow-dialog";
import { TemplateGalleryDialog } from "@/components/workflows/template-gallery-dialog";
import { formatDateTime } from "@/lib/format";
import { formatCost, formatTokens } from "@/lib/monitoring/format-run";

export const metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  const user = await requirePageUser("workflows:read");
  const canWrite = can(user.role, "workflows:write");
  const workflows = await listWorkflows(getAppContext().db.sql);
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Workflows"
        description="Design agent workflows as graphs and publish immutable versions."
        actions={
          canWrite ? (
            <>
              <ImportWorkflowDialog />
              <TemplateGalleryDialog />
              <CreateWorkflowDialog />
            </>
          ) : undefined
        }
      />
      {workflows.length === 0 ? (
        <EmptyState
          icon={Workflow}
          title="No workflows yet"
          description={
            canWrite
              ? "Create your first workflow: it starts with a Start and an End node you can build on."
              : "Designers create workflows. Once they publish one, it appears here."
          }
          action={
            canWrite ? (
              <div className="flex flex-wrap justify-center gap-2">
                <TemplateGalleryDialog />
                <CreateWorkflowDialog />
              </div>
            ) : undefined
          }
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Published</TableHead>
              <TableHead>Last run</TableHead>
              <TableHead className="text-right">Cost, {COST_WINDOW_DAYS} days</TableHead>
              <TableHead className="text-right">Cost, all time</TableHead>
              <TableHead>Last edited</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {workflows.map((w) => (
              <TableRow key={w.id}>
                <TableCell className="font-medium">
                  <Link href={`/workflows/${w.id}`} className="hover:underline">
                    {w.name}
                  </Link>
                  {w.description && <p className="max-w-md truncate text-xs font-normal text-muted-foreground">{w.description}</p>}
                </TableCell>
                <TableCell>{w.publishedVersion ? `v${w.publishedVersion}` : "Draft only"}</TableCell>
                <TableCell>{w.lastRunStatus ? <StatusBadge status={w.lastRunStatus} /> : "Never run"}</TableCell>
                <UsageCell usage={w.usage30d} label={`last ${COST_WINDOW_DAYS} days`} />
                <UsageCell usage={w.usageTotal} label="all time" />
                <TableCell>{formatDateTime(w.updatedAt)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

/** Model cost and tokens of a workflow's runs (rolled up per run); "—" when nothing was spent. */
function UsageCell({ usage, label }: { usage: WorkflowUsage; label: string }) {
  const spent = usage.costUsd > 0 || usage.tokens > 0;
  return (
    <TableCell
      className="text-right tabular-nums"
      aria-label={spent ? `${formatCost(usage.costUsd)}, ${usage.tokens} tokens, ${label}` : `No model usage, ${label}`}
    >
      {spent ? (
        <>
          {usage.costUsd > 0 ? formatCost(usage.costUsd) : "$0"}
          <p className="text-xs text-muted-foreground">{formatTokens(usage.tokens)} tokens</p>
        </>
      ) : (
        "—"
      )}
    </TableCell>
  );
}
