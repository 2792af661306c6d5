"use client";
// Bulk approve: confirm the selected tasks (one approval step), then approve them a few at a time so
// the progress is real, and show each task's own answer (approved, or why not: someone else decided
// it, separation of duties, a claim...). Every task goes through the server's full decision checks.
import { useState } from "react";
import { CheckCircle2, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { ApiClientError } from "@/lib/queries/api-fetch";
import { bulkApproveTasks } from "@/lib/queries/tasks";
import { submitOnModEnter } from "./mod-enter";
import { touchTargets } from "./touch-targets";

/** Tasks per request: small enough for the progress to move, large enough to stay quick. */
const CHUNK = 5;

export interface BulkTask {
  id: string;
  title: string;
}

interface Outcome {
  taskId: string;
  ok: boolean;
  message?: string;
}

export function BulkApproveDialog({
  tasks,
  open,
  onOpenChange,
  onDone,
}: {
  tasks: BulkTask[];
  /** Mounted while open (each opening starts afresh). */
  open: boolean;
  onOpenChange: (o: boolean) => void;
  /** After the last answer: the ids approved (the inbox refreshes and clears them from the selection). */
  onDone: (approved: string[]) => void;
}) {
  const [comment, setComment] = useState("");
  const [phase, setPhase] = useState<"confirm" | "running" | "done">("confirm");
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const titles = new Map(tasks.map((t) => [t.id, t.title]));

  async function run() {
    setPhase("running");
    setOutcomes([]);
    const all: Outcome[] = [];
    for (let i = 0; i < tasks.length; i += CHUNK) {
      const ids = tasks.slice(i, i + CHUNK).map((t) => t.id);
      try {
        const { results } = await bulkApproveTasks(ids, comment.trim() || undefined);
        all.push(...results.map((r) => ({ taskId: r.taskId, ok: r.ok, message: r.message })));
      } catch (e) {
        const message = e instanceof ApiClientError ? e.message : "The request failed; try again.";
        all.push(...ids.map((taskId) => ({ taskId, ok: false, message })));
      }
      setOutcomes([...all]);
    }
    setPhase("done");
    onDone(all.filter((o) => o.ok).map((o) => o.taskId));
  }

  const approved = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - approved;
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (phase === "running") return; // answers are still arriving
        onOpenChange(o);
      }}
    >
      <DialogContent className={touchTargets}>
        <form
          className="grid gap-4"
          onKeyDown={submitOnModEnter}
          onSubmit={(e) => {
            e.preventDefault();
            if (phase === "confirm") void run();
            else if (phase === "done") onOpenChange(false);
          }}
        >
          <DialogHeader>
            <DialogTitle>
              Approve {tasks.length} task{tasks.length === 1 ? "" : "s"}?
            </DialogTitle>
            <DialogDescription>
              Each task is approved as proposed and checked on its own; one that cannot be approved is listed with the reason. Ctrl/⌘+Enter
              confirms.
            </DialogDescription>
          </DialogHeader>
          {phase === "confirm" ? (
            <div className="grid gap-1.5">
              <Label htmlFor="bulk-comment">Comment for every task (optional)</Label>
              <Textarea id="bulk-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            </div>
          ) : (
            <div className="grid gap-3">
              <div className="grid gap-1.5">
                <div className="flex justify-between text-sm" id="bulk-progress-label">
                  <span>{phase === "running" ? "Approving…" : "Finished"}</span>
                  <span>
                    {outcomes.length} of {tasks.length}
                  </span>
                </div>
                <div
                  role="progressbar"
                  aria-labelledby="bulk-progress-label"
                  aria-valuemin={0}
                  aria-valuemax={tasks.length}
                  aria-valuenow={outcomes.length}
                  className="h-2 overflow-hidden rounded-full bg-muted"
                >
                  <div className="h-full bg-primary transition-[width]" style={{ width: `${(100 * outcomes.length) / tasks.length}%` }} />
                </div>
              </div>
              {phase === "done" && (
                <p role="status" className="text-sm font-medium" data-testid="bulk-summary">
                  {approved} approved{failed ? `, ${failed} not approved` : ""}
                </p>
              )}
              <ul className="grid max-h-64 gap-1 overflow-y-auto text-sm" aria-label="Results" data-testid="bulk-results">
                {outcomes.map((o) => (
                  <li key={o.taskId} className="flex items-start gap-2" data-ok={o.ok}>
                    {o.ok ? (
                      <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-status-succeeded" aria-hidden />
                    ) : (
                      <XCircle className="mt-0.5 size-4 shrink-0 text-status-failed" aria-hidden />
                    )}
                    <span className="min-w-0">
                      <span className="font-medium">{titles.get(o.taskId) ?? o.taskId}</span>
                      {": "}
                      {o.ok ? "approved" : (o.message ?? "not approved")}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <DialogFooter>
            {phase === "confirm" && (
              <>
                <Button variant="outline" className="max-lg:h-11" onClick={() => onOpenChange(false)}>
                  Cancel
                </Button>
                <Button type="submit" className="max-lg:h-11" autoFocus>
                  Approve {tasks.length}
                </Button>
              </>
            )}
            {phase === "running" && (
              <Button type="button" disabled className="max-lg:h-11">
                <Spinner />
                Approving…
              </Button>
            )}
            {phase === "done" && (
              <Button type="submit" className="max-lg:h-11" autoFocus>
                Close
              </Button>
            )}
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
