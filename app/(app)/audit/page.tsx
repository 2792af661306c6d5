import { ClipboardCheck } from "lucide-react";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getAppContext } from "@/lib/server/app-context";
import { listRecentAudit } from "@/lib/db/audit-read";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";

export const metadata = { title: "Audit" };

export default async function AuditPage() {
  await requirePageUser("audit:read");
  const { db } = getAppContext();
  const events = await listRecentAudit(db, 200);
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Audit trail"
        description="Append-only and hash-chained: run starts, cancellations and every human decision, with who, when and why."
      />
      {events.length === 0 ? (
        <EmptyState
          icon={ClipboardCheck}
          title="Nothing audited yet"
          description="Start a run or decide a task; each action is recorded here with its actor and a tamper-evident hash."
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>Actor</TableHead>
              <TableHead>Action</TableHead>
              <TableHead>Target</TableHead>
              <TableHead>Hash</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {events.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{formatDateTime(e.atMs)}</TableCell>
                <TableCell>{e.actorId ? (e.actorEmail ?? e.actorId) : e.actorType}</TableCell>
                <TableCell className="font-medium">{e.action}</TableCell>
                <TableCell className="font-mono text-xs">
                  {e.targetType}:{e.targetId.slice(0, 8)}
                </TableCell>
                <TableCell className="font-mono text-xs text-muted-foreground">{e.hash.slice(0, 12)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
