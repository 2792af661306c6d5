"use client";
// Memory page: workflows that hold agent memory → their subjects → what is remembered about one
// subject (facts and exchanges), with edit, forget, erase-subject and the workflow's retention.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Brain } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { formatDateTime } from "@/lib/format";
import { MemoryEntries } from "./memory-entries";
import { fetchMemoryWorkflow, fetchMemoryWorkflows, memoryKeys } from "./memory-queries";
import { MemoryRetention } from "./memory-retention";
import { FormError } from "@/components/ui/form-error";

function setUrl(workflow: string | null, subject: string | null): void {
  const u = new URL(window.location.href);
  if (workflow) u.searchParams.set("workflow", workflow);
  else u.searchParams.delete("workflow");
  if (subject) u.searchParams.set("subject", subject);
  else u.searchParams.delete("subject");
  window.history.replaceState(null, "", u);
}

const itemClass = (selected: boolean) =>
  cn(
    "flex w-full items-center justify-between gap-2 rounded-md px-3 py-2 text-left text-sm hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
    selected && "bg-accent font-medium",
  );

export function MemoryBrowser({ initialWorkflow, initialSubject }: { initialWorkflow: string | null; initialSubject: string | null }) {
  const [workflowId, setWorkflowId] = useState<string | null>(initialWorkflow);
  const [subject, setSubject] = useState<string | null>(initialSubject);
  const workflows = useQuery({ queryKey: memoryKeys.workflows(), queryFn: fetchMemoryWorkflows });
  const selected = workflowId ?? workflows.data?.workflows[0]?.workflowId ?? null;
  const detail = useQuery({
    queryKey: memoryKeys.workflow(selected ?? ""),
    queryFn: () => fetchMemoryWorkflow(selected!),
    enabled: selected !== null,
  });

  const pickWorkflow = (id: string) => {
    setWorkflowId(id);
    setSubject(null);
    setUrl(id, null);
  };
  const pickSubject = (s: string | null) => {
    setSubject(s);
    setUrl(selected, s);
  };

  if (workflows.isPending) return <Spinner label="Loading memory…" />;
  if (workflows.error) {
    return <FormError>{workflows.error.message}</FormError>;
  }
  if (workflows.data.workflows.length === 0 && !initialWorkflow) {
    return (
      <EmptyState
        icon={Brain}
        title="No agent memory yet"
        description="Turn on Memory on an agent node (with a subject such as $.input.customerId). What agents remember about each subject appears here, where you can correct or erase it."
      />
    );
  }
  return (
    <div className="grid gap-6 lg:grid-cols-[16rem_18rem_1fr]">
      <nav aria-label="Workflows with memory" className="grid content-start gap-1">
        <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">Workflows</h2>
        {workflows.data.workflows.map((w) => (
          <button
            key={w.workflowId}
            type="button"
            className={itemClass(w.workflowId === selected)}
            aria-current={w.workflowId === selected ? "true" : undefined}
            onClick={() => pickWorkflow(w.workflowId)}
          >
            <span className="truncate">{w.name}</span>
            <span className="shrink-0 text-xs text-muted-foreground">{w.subjects}</span>
          </button>
        ))}
      </nav>
      <div className="grid content-start gap-3">
        {detail.isPending && selected ? (
          <Spinner label="Loading subjects…" />
        ) : detail.error ? (
          <FormError>{detail.error.message}</FormError>
        ) : detail.data ? (
          <>
            <nav aria-label="Subjects" className="grid gap-1">
              <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
                Subjects of {detail.data.workflow.name}
              </h2>
              {detail.data.subjects.length === 0 && (
                <p className="px-3 text-sm text-muted-foreground">Nothing remembered for this workflow.</p>
              )}
              {detail.data.subjects.map((s) => (
                <button
                  key={s.subjectKey}
                  type="button"
                  className={itemClass(s.subjectKey === subject)}
                  aria-current={s.subjectKey === subject ? "true" : undefined}
                  onClick={() => pickSubject(s.subjectKey)}
                >
                  <span className="min-w-0">
                    <span className="block truncate">{s.subjectKey}</span>
                    <span className="block text-xs text-muted-foreground">
                      {s.facts} facts · {s.turns} exchanges · {formatDateTime(s.lastAtMs)}
                    </span>
                  </span>
                </button>
              ))}
            </nav>
            <Card>
              <CardHeader>
                <CardTitle>
                  <h2>Retention</h2>
                </CardTitle>
                <CardDescription>How long {detail.data.workflow.name} remembers.</CardDescription>
              </CardHeader>
              <CardContent>
                <MemoryRetention key={selected} workflowId={detail.data.workflow.id} retentionDays={detail.data.workflow.retentionDays} />
              </CardContent>
            </Card>
          </>
        ) : null}
      </div>
      <div className="min-w-0">
        {selected && subject ? (
          <MemoryEntries key={`${selected}:${subject}`} workflowId={selected} subject={subject} onErased={() => pickSubject(null)} />
        ) : (
          <p className="rounded-lg border border-dashed p-6 text-sm text-muted-foreground">
            Pick a subject to see and correct what the agent remembers about it.
          </p>
        )}
      </div>
    </div>
  );
}
