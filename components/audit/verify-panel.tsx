"use client";
// Verify the chain in the browser: POST /api/v1/audit/verify answers JSON Lines (progress, then the
// result); the progress bar follows them. Also signs a checkpoint and shows the public key to pin.
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ShieldCheck, ShieldAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDateTime } from "@/lib/format";
import { fetchCheckpoints, signCheckpointNow } from "./audit-queries";

interface VerifyResult {
  ok: boolean;
  count: number;
  total: number;
  brokenAtId?: number;
  reason?: string;
  headId?: number;
  checkpoints: { checked: number; broken?: { seq: number; problem: string; detail?: string } };
  ms: number;
}

type State =
  | { phase: "idle" }
  | { phase: "running"; checked: number; total: number }
  | { phase: "done"; result: VerifyResult }
  | { phase: "error"; message: string };

async function runVerify(onLine: (line: { type: string } & Record<string, unknown>) => void): Promise<void> {
  const res = await fetch("/api/v1/audit/verify", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  if (!res.ok || !res.body) throw new Error(`Verification could not start (${res.status}).`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value;
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (line) onLine(JSON.parse(line) as { type: string });
    }
  }
}

export function VerifyPanel() {
  const [state, setState] = useState<State>({ phase: "idle" });
  const [signing, setSigning] = useState(false);
  const qc = useQueryClient();
  const checkpoints = useQuery({ queryKey: ["audit", "checkpoints"], queryFn: fetchCheckpoints });

  const verify = async () => {
    setState({ phase: "running", checked: 0, total: 0 });
    try {
      await runVerify((line) => {
        if (line.type === "progress") setState({ phase: "running", checked: Number(line.checked), total: Number(line.total) });
        if (line.type === "result") setState({ phase: "done", result: line as unknown as VerifyResult });
        if (line.type === "error") setState({ phase: "error", message: String(line.message) });
      });
    } catch (e) {
      setState({ phase: "error", message: e instanceof Error ? e.message : "Verification failed." });
    }
    await qc.invalidateQueries({ queryKey: ["audit"] });
  };

  const sign = async () => {
    setSigning(true);
    try {
      await signCheckpointNow();
      await qc.invalidateQueries({ queryKey: ["audit"] });
    } finally {
      setSigning(false);
    }
  };

  const latest = checkpoints.data?.checkpoints[0];
  const pct = state.phase === "running" && state.total > 0 ? Math.min(100, Math.round((state.checked / state.total) * 100)) : 0;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Verify the chain</CardTitle>
        <CardDescription>
          Recomputes every hash from the first row, then checks each signed checkpoint against the server&apos;s public key.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <div className="flex flex-wrap gap-2">
          <Button type="button" onClick={() => void verify()} disabled={state.phase === "running"}>
            <ShieldCheck aria-hidden /> Verify chain
          </Button>
          <Button type="button" variant="outline" onClick={() => void sign()} disabled={signing}>
            Sign checkpoint
          </Button>
        </div>
        {state.phase === "running" && (
          <div className="grid gap-1">
            <div
              role="progressbar"
              aria-label="Verification progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={pct}
              className="h-2 rounded bg-muted"
            >
              <div className="h-2 rounded bg-primary" style={{ width: `${pct}%` }} />
            </div>
            <p className="text-muted-foreground">
              Checked {state.checked.toLocaleString("en-US")} of {state.total.toLocaleString("en-US")} rows…
            </p>
          </div>
        )}
        {state.phase === "done" &&
          (state.result.ok ? (
            <p role="status" className="flex items-center gap-2 text-emerald-700 dark:text-emerald-400">
              <ShieldCheck aria-hidden className="size-4" /> Chain intact: {state.result.count.toLocaleString("en-US")} rows and{" "}
              {state.result.checkpoints.checked} checkpoints verified in {(state.result.ms / 1000).toFixed(1)} s.
            </p>
          ) : (
            <p role="alert" className="flex items-center gap-2 text-destructive">
              <ShieldAlert aria-hidden className="size-4" />
              {state.result.brokenAtId !== undefined
                ? `Broken at row ${state.result.brokenAtId}: ${state.result.reason}.`
                : `Checkpoint at row ${state.result.checkpoints.broken?.seq} fails: ${state.result.checkpoints.broken?.detail ?? state.result.checkpoints.broken?.problem}.`}
            </p>
          ))}
        {state.phase === "error" && (
          <p role="alert" className="text-destructive">
            {state.message}
          </p>
        )}
        <dl className="grid gap-1 text-xs">
          <dt className="text-muted-foreground">Public key (Ed25519, base64 SPKI): keep a copy outside this system</dt>
          <dd className="font-mono break-all" data-testid="audit-public-key">
            {checkpoints.data?.publicKey ?? "…"}
          </dd>
          <dt className="text-muted-foreground">Latest checkpoint</dt>
          <dd data-testid="audit-latest-checkpoint">
            {latest ? `row ${latest.seq}, ${latest.headHash.slice(0, 16)}…, signed ${formatDateTime(latest.atMs)}` : "none yet"}
          </dd>
        </dl>
      </CardContent>
    </Card>
  );
}
