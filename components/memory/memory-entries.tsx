"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Eraser, Trash2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { formatDateTime } from "@/lib/format";
import type { MemoryEntryView } from "@/lib/memory/memory-schemas";
import { MemoryConfirmButton } from "./memory-confirm-button";
import { MemoryEditDialog } from "./memory-edit-dialog";
import { entriesUrl, fetchEntries, memoryKeys } from "./memory-queries";
import { FormError } from "@/components/ui/form-error";

function EntryRow({ workflowId, entry }: { workflowId: string; entry: MemoryEntryView }) {
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      apiFetch(`/api/v1/memory/${encodeURIComponent(workflowId)}/entries/${encodeURIComponent(entry.id)}`, { method: "DELETE" }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: memoryKeys.all });
      toast.success("Entry forgotten");
    },
    onError: (e) => toast.error(e.message),
  });
  const c = entry.content as { value?: string; user?: string; assistant?: string };
  const label = entry.kind === "fact" ? `fact ${entry.key}` : `exchange of ${formatDateTime(entry.createdAtMs)}`;
  return (
    <li className="flex items-start justify-between gap-3 rounded-md border p-3" aria-label={label}>
      <div className="grid min-w-0 gap-1 text-sm">
        {entry.kind === "fact" ? (
          <p>
            <span className="font-mono text-xs font-medium">{entry.key}</span>
            <span className="text-muted-foreground"> — </span>
            <span className="break-words">{c.value}</span>
          </p>
        ) : (
          <>
            <p className="break-words">
              <span className="text-xs font-medium text-muted-foreground">User: </span>
              {c.user}
            </p>
            <p className="break-words">
              <span className="text-xs font-medium text-muted-foreground">Agent: </span>
              {c.assistant}
            </p>
          </>
        )}
        <p className="text-xs text-muted-foreground">
          {formatDateTime(entry.createdAtMs)}
          {entry.expiresAtMs !== null && ` · expires ${formatDateTime(entry.expiresAtMs)}`}
          {entry.runId && ` · run ${entry.runId.slice(0, 8)}`}
        </p>
      </div>
      <div className="flex shrink-0 gap-1">
        <MemoryEditDialog workflowId={workflowId} entry={entry} label={label} />
        <MemoryConfirmButton
          trigger={
            <Button variant="ghost" size="icon" aria-label={`Forget ${label}`} disabled={remove.isPending}>
              <Trash2 aria-hidden />
            </Button>
          }
          title={`Forget this ${entry.kind === "fact" ? "fact" : "exchange"}?`}
          description="Agents will no longer see it. The deletion is recorded in the audit trail."
          confirm="Forget"
          onConfirm={() => remove.mutate()}
        />
      </div>
    </li>
  );
}

/** Everything remembered about one subject, with erase-all. */
export function MemoryEntries({ workflowId, subject, onErased }: { workflowId: string; subject: string; onErased: () => void }) {
  const qc = useQueryClient();
  const { data, isPending, error } = useQuery({
    queryKey: memoryKeys.entries(workflowId, subject),
    queryFn: () => fetchEntries(workflowId, subject),
  });
  const erase = useMutation({
    mutationFn: () => apiFetch<{ erased: number }>(entriesUrl(workflowId, subject), { method: "DELETE" }),
    onSuccess: async (r) => {
      await qc.invalidateQueries({ queryKey: memoryKeys.all });
      toast.success(`Erased ${r.erased} entr${r.erased === 1 ? "y" : "ies"} about ${subject}`);
      onErased();
    },
    onError: (e) => toast.error(e.message),
  });
  const facts = data?.entries.filter((e) => e.kind === "fact") ?? [];
  const turns = data?.entries.filter((e) => e.kind === "turn") ?? [];
  return (
    <section aria-label={`Memory of ${subject}`} className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold break-all">{subject}</h2>
        <MemoryConfirmButton
          trigger={
            <Button variant="destructive" size="sm" disabled={erase.isPending}>
              <Eraser aria-hidden />
              Erase subject
            </Button>
          }
          title={`Erase everything remembered about ${subject}?`}
          description="Every fact and exchange for this subject is deleted at once and cannot be restored. The erasure is recorded in the audit trail."
          confirm="Erase"
          onConfirm={() => erase.mutate()}
        />
      </div>
      {isPending ? (
        <Spinner label="Loading memory…" />
      ) : error ? (
        <FormError>{error.message}</FormError>
      ) : (
        <>
          <div className="grid gap-2">
            <h3 className="flex items-center gap-2 text-sm font-medium">
              Facts <Badge variant="secondary">{facts.length}</Badge>
            </h3>
            {facts.length === 0 ? (
              <p className="text-sm text-muted-foreground">No facts. Agents store facts with a remember tool.</p>
            ) : (
              <ul className="grid gap-2">
                {facts.map((e) => (
                  <EntryRow key={e.id} workflowId={workflowId} entry={e} />
                ))}
              </ul>
            )}
          </div>
          <div className="grid gap-2">
            <h3 className="flex items-center gap-2 text-sm font-medium">
              Exchanges <Badge variant="secondary">{turns.length}</Badge>
            </h3>
            {turns.length === 0 ? (
              <p className="text-sm text-muted-foreground">No exchanges saved yet.</p>
            ) : (
              <ul className="grid gap-2">
                {turns.map((e) => (
                  <EntryRow key={e.id} workflowId={workflowId} entry={e} />
                ))}
              </ul>
            )}
          </div>
        </>
      )}
    </section>
  );
}
