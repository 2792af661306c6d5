"use client";
import Link from "next/link";
import { ChevronRight, ExternalLink } from "lucide-react";
import type { TaskRunContext } from "@/lib/inbox/task-types";
import { formatDateTime } from "@/lib/format";
import { JsonValue } from "./json-value";

/** The run around the approval: input, upstream outputs, parents, and a link to the run view. */
export function RunContext({ run }: { run: TaskRunContext }) {
  return (
    <div className="grid gap-3 text-sm">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Link
          href={`/runs/${run.id}`}
          // a link that changes with every task: prefetching it was cancelled by the next task switch
          prefetch={false}
          className="inline-flex items-center gap-1 font-medium text-primary underline-offset-2 hover:underline max-lg:min-h-11"
          data-testid="run-link"
        >
          Open run <span className="font-mono">{run.id.slice(0, 8)}</span>
          <ExternalLink className="size-3" aria-hidden />
        </Link>
        <span className="text-muted-foreground">
          {run.workflowName}
          {run.version !== null && ` · v${run.version}`} · {run.status}
        </span>
        <span className="text-muted-foreground">
          Started {formatDateTime(run.createdAt)}
          {run.initiatorName && ` by ${run.initiatorName}`}
        </span>
      </div>
      {run.parents.length > 0 && (
        <nav aria-label="Parent runs" className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
          {[...run.parents].reverse().map((p) => (
            <span key={p.runId} className="inline-flex items-center gap-1">
              <Link
                href={`/runs/${p.runId}`}
                prefetch={false}
                className="underline-offset-2 hover:underline max-lg:inline-flex max-lg:min-h-11 max-lg:items-center"
              >
                {p.workflowName}
              </Link>
              <ChevronRight className="size-3" aria-hidden />
            </span>
          ))}
          <span>this run</span>
        </nav>
      )}
      <details className="rounded-md border px-3 py-2" open>
        <summary className="cursor-pointer text-sm font-medium">Run input</summary>
        <div className="pt-2">
          <JsonValue value={run.input} />
        </div>
      </details>
      {run.upstream.length > 0 && (
        <details className="rounded-md border px-3 py-2">
          <summary className="cursor-pointer text-sm font-medium">Upstream step outputs ({run.upstream.length})</summary>
          <div className="grid gap-3 pt-2">
            {run.upstream.map((s) => (
              <div key={s.stepKey} className="grid gap-1">
                <div className="text-xs font-medium">
                  {s.name}{" "}
                  <span className="text-muted-foreground">
                    · {s.kind}
                    {s.status !== "succeeded" ? ` · ${s.status}` : ""}
                  </span>
                </div>
                <JsonValue value={s.output} />
              </div>
            ))}
          </div>
        </details>
      )}
    </div>
  );
}
