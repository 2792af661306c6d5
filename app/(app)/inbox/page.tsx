import { Inbox } from "lucide-react";
import { requirePageUser } from "@/lib/auth/page-guard";
import { getAppContext } from "@/lib/server/app-context";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";

export const metadata = { title: "Inbox" };

export default async function InboxPage() {
  const user = await requirePageUser("tasks:read");
  const { db } = getAppContext();
  const where =
    user.role === "admin"
      ? { status: "open" }
      : {
          status: "open",
          id: {
            in: (
              await db.prisma.taskAssignee.findMany({
                where: {
                  status: "open",
                  OR: [
                    { type: "user", value: user.id },
                    { type: "role", value: user.role },
                  ],
                },
                select: { taskId: true },
                take: 500,
              })
            ).map((a) => a.taskId),
          },
        };
  const tasks = await db.prisma.task.findMany({ where, orderBy: { createdAtMs: "asc" }, take: 100 });
  return (
    <div className="grid gap-6">
      <PageHeader title="Inbox" description="Tasks waiting for a decision from you or one of your roles." />
      {tasks.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="Nothing to review"
          description="When a run reaches an approval step assigned to you or your role, its task appears here."
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Task</TableHead>
              <TableHead>Run</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Due</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {tasks.map((t) => (
              <TableRow key={t.id}>
                <TableCell className="font-medium">{t.title}</TableCell>
                <TableCell className="font-mono text-xs">{t.runId.slice(0, 8)}</TableCell>
                <TableCell>{formatDateTime(t.createdAtMs)}</TableCell>
                <TableCell>{formatDateTime(t.dueAtMs)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
