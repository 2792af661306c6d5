"use client";
// Bulk cancel / retry-failed on the selected runs or on every run the filter matches. Opening the
// confirmation asks the server how many runs the action affects (a dry run); confirming sends that
// count back, and the server refuses if it changed meanwhile.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";
import { BanIcon, RotateCcwIcon } from "lucide-react";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { toast } from "@/components/ui/toaster";
import { apiFetch, ApiClientError } from "@/lib/queries/api-fetch";
import type { BulkAction, BulkBody, BulkPreview, BulkResult } from "@/lib/monitoring/bulk-schema";
import type { RunListFilter } from "@/lib/monitoring/run-list-filter";

export interface BulkTarget {
  kind: "selection" | "filter";
  runIds: string[];
  filter: RunListFilter;
  /** What the user sees as the target ("3 selected runs", "all 1,204 runs matching the filter"). */
  label: string;
}

const ACTION_TEXT: Record<BulkAction, { verb: string; title: string; effect: string; will: (n: string) => string }> = {
  cancel: {
    verb: "Cancel",
    will: (n) => `cancel ${n}`,
    title: "Cancel runs",
    effect: "Each run stops scheduling, its running and waiting steps are cancelled and its open tasks are closed. This cannot be undone.",
  },
  retry_failed: {
    verb: "Retry",
    will: (n) => `retry the failed steps of ${n}`,
    title: "Retry failed steps",
    effect:
      "Each failed run resumes in place from its failed steps: completed steps are kept and not repeated, each failed step gets one more attempt.",
  },
};

export function BulkActionsBar({
  target,
  retrySupport,
}: {
  target: BulkTarget | null;
  retrySupport: { supported: boolean; reason?: string };
}) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const disabled = target === null;
  return (
    <div className="flex flex-wrap items-center gap-2" aria-label="Bulk actions" role="group">
      <span className="text-sm text-muted-foreground">
        {target ? target.label : "Select runs (or all runs matching the filter) to act on them."}
      </span>
      <Button variant="outline" size="sm" disabled={disabled} onClick={() => setAction("cancel")}>
        <BanIcon aria-hidden /> Cancel…
      </Button>
      {retrySupport.supported ? (
        <Button variant="outline" size="sm" disabled={disabled} onClick={() => setAction("retry_failed")}>
          <RotateCcwIcon aria-hidden /> Retry failed steps…
        </Button>
      ) : (
        <Tooltip>
          <TooltipTrigger asChild>
            {/* a disabled button gets no pointer events: the wrapper carries the explanation */}
            <span tabIndex={0} aria-describedby="retry-unavailable">
              <Button variant="outline" size="sm" disabled>
                <RotateCcwIcon aria-hidden /> Retry failed steps…
              </Button>
            </span>
          </TooltipTrigger>
          <TooltipContent id="retry-unavailable">{retrySupport.reason}</TooltipContent>
        </Tooltip>
      )}
      {action && target && <BulkConfirmDialog action={action} target={target} onClose={() => setAction(null)} />}
    </div>
  );
}

function BulkConfirmDialog({ action, target, onClose }: { action: BulkAction; target: BulkTarget; onClose: () => void }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState<number | null>(null);
  const text = ACTION_TEXT[action];
  const body = (extra: Partial<BulkBody>): BulkBody => ({
    action,
    target: target.kind === "selection" ? { runIds: target.runIds } : { filter: target.filter },
    ...extra,
  });
  const count = useQuery({
    queryKey: ["runs-bulk-preview", action, target.kind, target.runIds, target.filter],
    queryFn: () => apiFetch<BulkPreview>("/api/v1/runs/bulk", { method: "POST", body: body({ dryRun: true }) }),
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
  const preview = count.data ? { ...count.data, eligible: changed ?? count.data.eligible } : null;
  const shownError = error ?? (count.error ? count.error.message : null);

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const res = await apiFetch<BulkResult>("/api/v1/runs/bulk", { method: "POST", body: body({ expectedCount: preview.eligible }) });
      const parts = [`${res.done.length} run${res.done.length === 1 ? "" : "s"} ${action === "cancel" ? "cancelled" : "resumed"}`];
      if (res.skipped.length) parts.push(`${res.skipped.length} had already finished`);
      if (res.failed.length) parts.push(`${res.failed.length} failed: ${res.failed[0].message}`);
      (res.failed.length ? toast.error : toast.success)(parts.join("; "));
      onClose();
      router.refresh();
    } catch (e) {
      if (e instanceof ApiClientError && e.code === "count_changed") {
        const eligible = (e.details as { eligible?: number } | undefined)?.eligible;
        if (typeof eligible === "number") setChanged(eligible);
      }
      setError(e instanceof Error ? e.message : "The action failed.");
    } finally {
      setBusy(false);
    }
  };

  const ineligible = preview ? preview.matched - preview.eligible : 0;
  return (
    <AlertDialog open onOpenChange={(o) => !o && !busy && onClose()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{text.title}</AlertDialogTitle>
          <AlertDialogDescription asChild>
            <div className="grid gap-2">
              {!preview && !shownError && (
                <span className="inline-flex items-center gap-2">
                  <Spinner /> Counting the runs this affects…
                </span>
              )}
              {preview && (
                <>
                  <p data-testid="bulk-count">
                    {preview.eligible === 0
                      ? `None of ${target.label} can be ${action === "cancel" ? "cancelled (they have all finished)" : "retried (none has failed)"}.`
                      : `This will ${text.will(`${preview.eligible} run${preview.eligible === 1 ? "" : "s"}`)} (${target.label}).`}
                  </p>
                  {ineligible > 0 && preview.eligible > 0 && (
                    <p>
                      {preview.matchedIsExact ? ineligible : "Other"} matching run{ineligible === 1 ? "" : "s"}{" "}
                      {ineligible === 1 ? "is" : "are"} left alone ({action === "cancel" ? "already finished" : "not failed"}).
                    </p>
                  )}
                  {preview.eligible > 0 && <p>{text.effect}</p>}
                  {preview.eligible > preview.limit && (
                    <p className="text-destructive">
                      More than {preview.limit} runs match: narrow the filter, one request acts on at most {preview.limit}.
                    </p>
                  )}
                  {!preview.supported && <p className="text-destructive">{preview.reason}</p>}
                </>
              )}
            </div>
          </AlertDialogDescription>
        </AlertDialogHeader>
        {shownError && (
          <Alert variant="destructive">
            <AlertDescription>{shownError}</AlertDescription>
          </Alert>
        )}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={busy}>Keep them</AlertDialogCancel>
          <Button
            variant={action === "cancel" ? "destructive" : "default"}
            disabled={!preview || busy || preview.eligible === 0 || preview.eligible > preview.limit || !preview.supported}
            onClick={() => void confirm()}
          >
            {busy && <Spinner />}
            {preview && preview.eligible > 0 ? `${text.verb} ${preview.eligible} run${preview.eligible === 1 ? "" : "s"}` : text.verb}
          </Button>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
