"use client";
// Rerun from a step: choose the step, the version (the run's own or the latest published) and,
// optionally, edit what the step receives — an editor pre-filled with the stored outputs of the
// steps feeding it (or the run input when it follows Start). Only edited entries are sent as
// overrides; everything upstream is reused from this run, so its effects are not repeated.
import { useMemo, useState } from "react";
import { useRouter } from "next/navigation";
import { useQueries } from "@tanstack/react-query";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { MASKED } from "@/lib/monitoring/mask-secrets";
import { shortId } from "@/lib/monitoring/format-run";
import type { StepSummary } from "@/lib/monitoring/run-view-types";
import { rerunRun, stepDetailQuery } from "@/lib/queries/runs";
import type { DraftGraph } from "@/lib/model/draft-graph";

export interface RerunDialogProps {
  runId: string;
  graph: DraftGraph;
  steps: StepSummary[];
  runInput: unknown;
  /** Pre-selected node (from the inspector). */
  initialNodeId: string | null;
  onClose: () => void;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function RerunDialog({ runId, graph, steps, runInput, initialNodeId, onClose }: RerunDialogProps) {
  const router = useRouter();
  const names = useMemo(() => new Map(graph.nodes.map((n) => [n.id, n.name])), [graph]);
  const candidates = graph.nodes.filter((n) => n.kind !== "start" && steps.some((s) => s.nodeId === n.id));
  const [nodeId, setNodeId] = useState<string | null>(
    initialNodeId && candidates.some((c) => c.id === initialNodeId) ? initialNodeId : (candidates[0]?.id ?? null),
  );
  const [version, setVersion] = useState<"original" | "latest">("original");
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const feeders = useMemo(() => [...new Set(graph.edges.filter((e) => e.target === nodeId).map((e) => e.source))], [graph, nodeId]);
  const details = useQueries({
    queries: feeders
      .filter((id) => graph.nodes.find((n) => n.id === id)?.kind !== "start")
      .map((id) => ({ ...stepDetailQuery(runId, steps.find((s) => s.nodeId === id)?.stepKey ?? id), retry: false })),
  });
  const loading = details.some((d) => d.isPending);
  const stored = useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const id of feeders) {
      const node = graph.nodes.find((n) => n.id === id);
      if (!node) continue;
      if (node.kind === "start") out[node.name] = runInput;
      else {
        const d = details.find((x) => x.data?.step.nodeId === id)?.data;
        if (d) out[node.name] = d.step.output;
      }
    }
    return out;
  }, [feeders, graph, runInput, details]);
  const shown = text ?? JSON.stringify(stored, null, 2);

  const submit = async () => {
    if (!nodeId) return;
    setError(null);
    let edited: Record<string, unknown>;
    try {
      const parsed = JSON.parse(shown) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      edited = parsed as Record<string, unknown>;
    } catch {
      setError("The input is not a JSON object. Fix it, or reset it to the stored values.");
      return;
    }
    const overrides: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(edited)) if (!same(v, stored[k])) overrides[k] = v;
    if (JSON.stringify(overrides).includes(MASKED)) {
      setError(
        `An edited value still contains "${MASKED}": type the real value, or leave that step unchanged so its stored output is reused.`,
      );
      return;
    }
    setBusy(true);
    try {
      const res = await rerunRun(runId, { nodeId, version, ...(Object.keys(overrides).length ? { inputOverride: overrides } : {}) });
      toast.success(`Rerun ${shortId(res.run.id)} started from “${names.get(nodeId) ?? nodeId}” (${res.reusedSteps.length} steps reused)`);
      onClose();
      router.push(`/runs/${res.run.id}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : "The rerun could not start.");
    } finally {
      setBusy(false);
    }
  };

  const changed = text !== null && text !== JSON.stringify(stored, null, 2);
  return (
    <Dialog open onOpenChange={(o) => !o && !busy && onClose()}>
      <DialogContent className="sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Rerun from a step</DialogTitle>
          <DialogDescription>
            Starts a new run linked to this one. Steps before the chosen one are reused with their stored outputs (their calls are not made
            again); the chosen step and everything after it run again.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          <div className="grid gap-1.5">
            <Label htmlFor="rerun-step">Start from</Label>
            <Select
              value={nodeId ?? undefined}
              onValueChange={(v) => {
                setNodeId(v);
                setText(null);
              }}
            >
              <SelectTrigger id="rerun-step" className="w-full">
                <SelectValue placeholder="Pick a step" />
              </SelectTrigger>
              <SelectContent>
                {candidates.map((n) => (
                  <SelectItem key={n.id} value={n.id}>
                    {n.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="rerun-version">Version</Label>
            <Select value={version} onValueChange={(v) => setVersion(v as "original" | "latest")}>
              <SelectTrigger id="rerun-version" className="w-full">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="original">The version this run used</SelectItem>
                <SelectItem value="latest">The latest published version</SelectItem>
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-1.5">
            <div className="flex items-center justify-between">
              <Label htmlFor="rerun-input">What the step receives (outputs of the steps feeding it)</Label>
              {changed && (
                <Button variant="link" size="sm" className="h-auto p-0" onClick={() => setText(null)}>
                  Reset to stored
                </Button>
              )}
            </div>
            {loading ? (
              <span className="inline-flex items-center gap-2 text-sm text-muted-foreground">
                <Spinner /> Loading the stored values…
              </span>
            ) : (
              <Textarea
                id="rerun-input"
                value={shown}
                onChange={(e) => setText(e.target.value)}
                rows={10}
                spellCheck={false}
                className="font-mono text-xs"
                aria-describedby="rerun-input-help"
              />
            )}
            <p id="rerun-input-help" className="text-xs text-muted-foreground">
              Only the entries you change are sent as overrides; unchanged ones are reused as stored. Hidden secrets show as “{MASKED}”.
            </p>
          </div>
          {error && (
            <Alert variant="destructive">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          )}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={onClose} disabled={busy}>
            Keep this run
          </Button>
          <Button onClick={() => void submit()} disabled={busy || !nodeId || loading}>
            {busy && <Spinner />} Start the rerun
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
