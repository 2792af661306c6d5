"use client";
// One audit event in full (a sheet): everything recorded — decision, reason, diff, payload hash,
// version, rationale, confidence — with links to the run, task, workflow or user it names.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Spinner } from "@/components/ui/spinner";
import { JsonValue } from "@/components/inbox/json-value";
import { formatDateTime } from "@/lib/format";
import { fetchAuditEvent } from "./audit-queries";

const linkLabel: Record<string, string> = { run: "Run", task: "Task", workflow: "Workflow", user: "Everything by this user" };

export function AuditDetail({ id, onClose }: { id: number | null; onClose: () => void }) {
  const detail = useQuery({ queryKey: ["audit", "event", id], queryFn: () => fetchAuditEvent(id!), enabled: id !== null });
  const e = detail.data?.event;
  const links = detail.data?.links ?? [];
  return (
    <Sheet open={id !== null} onOpenChange={(open) => !open && onClose()}>
      <SheetContent className="sm:max-w-xl" srTitle={e ? undefined : "Audit event"}>
        {detail.isPending && <Spinner label="Loading the event…" />}
        {detail.error && (
          <p role="alert" className="p-4 text-sm text-destructive">
            {detail.error.message}
          </p>
        )}
        {e && (
          <>
            <SheetHeader>
              <SheetTitle>{e.action}</SheetTitle>
              <SheetDescription>
                Row {e.id} · {formatDateTime(e.atMs)}
              </SheetDescription>
            </SheetHeader>
            <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-2 px-4 text-sm">
              <dt className="text-muted-foreground">Actor</dt>
              <dd>{e.actorId ? `${e.actorEmail ?? e.actorId} (${e.actorType})` : e.actorType}</dd>
              <dt className="text-muted-foreground">Target</dt>
              <dd className="font-mono text-xs break-all">
                {e.targetType}:{e.targetId}
              </dd>
              <dt className="text-muted-foreground">Recorded</dt>
              <dd data-testid="audit-event-data">
                <JsonValue value={e.data} />
              </dd>
              <dt className="text-muted-foreground">Hash</dt>
              <dd className="font-mono text-xs break-all">{e.hash}</dd>
              <dt className="text-muted-foreground">Previous hash</dt>
              <dd className="font-mono text-xs break-all">{e.prevHash}</dd>
            </dl>
            {links.length > 0 && (
              <nav aria-label="Related" className="flex flex-wrap gap-3 px-4 pb-4 text-sm">
                {links.map((l) => (
                  <Link key={`${l.kind}:${l.id}`} href={l.href} className="underline underline-offset-4">
                    {linkLabel[l.kind] ?? l.kind}
                  </Link>
                ))}
              </nav>
            )}
          </>
        )}
      </SheetContent>
    </Sheet>
  );
}
