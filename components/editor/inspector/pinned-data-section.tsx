"use client";
// The inspector's "Pinned data" section for nodes whose output can be pinned (HTTP, agent,
// sub-workflow): the pinned output and where it came from, a JSON editor to type one by hand, Unpin,
// and for HTTP and agent nodes "Run this step" — the node alone, on the saved draft, with its
// upstream data from pins or the last test run — whose result can be pinned in one click.
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Pin, PinOff, Play } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { isStepTestKind } from "@/lib/model/pins";
import { pinKeys, pinOutput, pinsQuery, runOneStep, unpinOutput, type StepTestResult } from "@/lib/queries/test-runs";
import { FormError } from "@/components/ui/form-error";

function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre
      aria-label={label}
      className="max-h-48 overflow-auto rounded-md bg-muted p-2 font-mono text-[11px] leading-relaxed whitespace-pre-wrap"
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function PinnedDataSection({
  workflowId,
  nodeId,
  kind,
  readOnly,
}: {
  workflowId: string;
  nodeId: string;
  kind: string;
  readOnly: boolean;
}) {
  const queryClient = useQueryClient();
  const pins = useQuery(pinsQuery(workflowId));
  const pin = pins.data?.find((p) => p.nodeId === nodeId);
  const [editing, setEditing] = useState<string | null>(null);
  const [editError, setEditError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<StepTestResult | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: pinKeys.pins(workflowId) });
  const id = `pin-${nodeId}`;

  const save = async (output: unknown, handle?: string) => {
    setBusy(true);
    try {
      await pinOutput(workflowId, nodeId, { output, ...(handle ? { handle } : {}) });
      await refresh();
      setEditing(null);
      toast.success("Output pinned", { description: "Test runs reuse it instead of running this node." });
    } catch (e) {
      setEditError(e instanceof Error ? e.message : "Could not pin the output.");
    } finally {
      setBusy(false);
    }
  };

  const saveTyped = async () => {
    let value: unknown;
    try {
      value = JSON.parse(editing ?? "");
    } catch (e) {
      setEditError(`Not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    setEditError(null);
    await save(value, pin?.handle);
  };

  const unpin = async () => {
    setBusy(true);
    try {
      await unpinOutput(workflowId, nodeId);
      await refresh();
      toast.success("Output unpinned", { description: "Test runs run this node again." });
    } catch (e) {
      toast.error("Could not unpin", { description: e instanceof Error ? e.message : undefined });
    } finally {
      setBusy(false);
    }
  };

  const runStep = async () => {
    setBusy(true);
    setStepError(null);
    setResult(null);
    try {
      setResult(await runOneStep(workflowId, nodeId));
    } catch (e) {
      setStepError(e instanceof Error ? e.message : "Could not run the step.");
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-label="Pinned data" className="grid grid-cols-1 gap-3 border-t pt-4">
      <h3 className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted-foreground uppercase">
        <Pin className="size-3.5" aria-hidden /> Pinned data
      </h3>
      {pins.isError && <FormError size="xs">{pins.error.message}</FormError>}
      {pin ? (
        <div className="grid gap-2">
          <p className="text-xs text-muted-foreground">
            Test runs reuse this output (handle <code>{pin.handle}</code>) instead of running the node
            {pin.sourceRunId ? (
              <>
                ; pinned from run <code>{pin.sourceRunId.slice(0, 8)}</code>.
              </>
            ) : (
              "; typed by hand."
            )}{" "}
            Production runs ignore pins.
          </p>
          {editing === null && <JsonBlock value={pin.output} label="Pinned output" />}
        </div>
      ) : (
        pins.isSuccess && <p className="text-xs text-muted-foreground">Not pinned: test runs run this node.</p>
      )}

      {!readOnly && editing !== null && (
        <div className="grid gap-1.5">
          <Label htmlFor={`${id}-json`} className="text-xs">
            Pinned output (JSON)
          </Label>
          <Textarea
            id={`${id}-json`}
            className="min-h-32 font-mono text-[11px]"
            value={editing}
            spellCheck={false}
            aria-invalid={editError ? true : undefined}
            aria-describedby={editError ? `${id}-json-error` : undefined}
            onChange={(e) => setEditing(e.target.value)}
          />
          {editError && (
            <FormError id={`${id}-json-error`} size="xs">
              {editError}
            </FormError>
          )}
          <div className="flex flex-wrap gap-2">
            <Button type="button" size="sm" onClick={() => void saveTyped()} disabled={busy}>
              Save pin
            </Button>
            <Button type="button" size="sm" variant="outline" onClick={() => setEditing(null)} disabled={busy}>
              Cancel
            </Button>
          </div>
        </div>
      )}

      {!readOnly && editing === null && (
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => {
              setEditError(null);
              setEditing(JSON.stringify(pin?.output ?? { status: 200, headers: {}, body: {} }, null, 2));
            }}
          >
            <Pin className="size-3.5" aria-hidden /> {pin ? "Edit pinned output" : "Pin output by hand"}
          </Button>
          {pin && (
            <Button type="button" size="sm" variant="outline" onClick={() => void unpin()} disabled={busy}>
              <PinOff className="size-3.5" aria-hidden /> Unpin
            </Button>
          )}
          {isStepTestKind(kind) && (
            <Button type="button" size="sm" variant="outline" onClick={() => void runStep()} disabled={busy}>
              <Play className="size-3.5" aria-hidden /> {busy ? "Running…" : "Run this step"}
            </Button>
          )}
        </div>
      )}
      {!readOnly && isStepTestKind(kind) && editing === null && (
        <p className="text-xs text-muted-foreground">
          Run this step runs only this node, on the saved draft, with the data upstream of it from pins or the last test run.
        </p>
      )}

      {stepError && <FormError size="xs">{stepError}</FormError>}
      {result && (
        <div role="status" aria-label="Step result" className="grid gap-2 rounded-md border p-2">
          <p className={`text-xs font-medium ${result.ok ? "text-status-succeeded" : "text-destructive"}`}>
            {result.ok ? `Succeeded in ${Math.round(result.durationMs)} ms` : `Failed: ${result.error?.message ?? "unknown error"}`}
          </p>
          {Object.keys(result.upstream).length > 0 && (
            <p className="text-xs text-muted-foreground">
              Upstream:{" "}
              {Object.entries(result.upstream)
                .map(([name, from]) => `${name} (${from === "pin" ? "pinned" : from === "last_test_run" ? "last test run" : "no data"})`)
                .join(", ")}
            </p>
          )}
          <h4 className="text-xs font-medium">Request</h4>
          <JsonBlock value={result.request} label="Step request" />
          {result.ok && (
            <>
              <h4 className="text-xs font-medium">Output</h4>
              <JsonBlock value={result.output} label="Step output" />
              <Button
                type="button"
                size="sm"
                className="w-fit"
                onClick={() => void save(result.output, result.handle ?? undefined)}
                disabled={busy}
              >
                <Pin className="size-3.5" aria-hidden /> Pin this output
              </Button>
            </>
          )}
        </div>
      )}
    </section>
  );
}
