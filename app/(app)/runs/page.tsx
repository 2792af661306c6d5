import Link from "next/link";
import { History } from "lucide-react";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getAppContext } from "@/lib/server/app-context";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { StatusBadge } from "@/components/ui/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime, formatDuration } from "@/lib/format";

export const metadata = { title: "Runs" };

export default async function RunsPage() {
  await requirePageUser("runs:read");
  const { db } = getAppContext();
  const runs = await db.prisma.run.findMany({ orderBy: { createdAt: "desc" }, take: 100 });
  const wfIds = [...new Set(runs.map((r) => r.workflowId))];
  const workflows = await db.prisma.workflow.findMany({ where: { id: { in: wfIds } }, select: { id: true, name: true } });
  const names = new Map(workflows.map((w) => [w.id, w.name]));
  return (
    <div className="grid gap-6">
      <PageHeader title="Runs" description="Every run of every workflow, newest first." />
      {runs.length === 0 ? (
        <EmptyState
          icon={History}
          title="No runs yet"
          description="Publish a workflow and start it from the editor or through the API (POST /api/v1/runs). Its runs appear here."
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Run</TableHead>
              <TableHead>Workflow</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Trigger</TableHead>
              <TableHead>Started</TableHead>
              <TableHead>Duration</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {runs.map((r) => (
              <TableRow key={r.id}>
                <TableCell className="font-mono text-xs">
                  <Link href={`/runs/${r.id}`} className="hover:underline">
                    {r.id.slice(0, 8)}
                  </Link>
                </TableCell>
                <TableCell>{names.get(r.workflowId) ?? "—"}</TableCell>
                <TableCell>
                  <StatusBadge status={r.status} />
                </TableCell>
                <TableCell>{r.trigger}</TableCell>
                <TableCell>{formatDateTime(r.createdAt)}</TableCell>
                <TableCell>
                  {formatDuration(r.startedAtMs && r.finishedAtMs ? r.finishedAtMs - r.startedAtMs : null)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
