"use client";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { apiFetch, ApiClientError } from "@/lib/queries/api-fetch";
import { evalPaths, type EvaluationSettings } from "./eval-api";

export function EvaluationSettingsForm({ workflowId, settings }: { workflowId: string; settings: EvaluationSettings }) {
  const qc = useQueryClient();
  const [concurrency, setConcurrency] = useState(String(settings.concurrency));
  const [gate, setGate] = useState(settings.requirePassRate !== null);
  const [rate, setRate] = useState(String(Math.round((settings.requirePassRate ?? 0.9) * 100)));
  const save = useMutation({
    mutationFn: () =>
      apiFetch<EvaluationSettings>(evalPaths(workflowId).settings, {
        method: "PUT",
        body: { concurrency: Number(concurrency), requirePassRate: gate ? Number(rate) / 100 : null },
      }),
    onSuccess: (next) => {
      qc.setQueryData(["evaluation-settings", workflowId], next);
      toast.success("Evaluation settings saved");
    },
    onError: (e) => toast.error(e instanceof ApiClientError ? e.message : String(e)),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>Settings</CardTitle>
        <CardDescription>How many test runs an evaluation keeps in flight, and whether publishing needs a passing one.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-3 sm:grid-cols-3 sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <div className="grid gap-1">
            <Label htmlFor="eval-concurrency">Runs at once (1–32)</Label>
            <Input id="eval-concurrency" inputMode="numeric" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
          </div>
          <div className="grid gap-1">
            <div className="flex min-h-11 items-center gap-2">
              <Checkbox id="eval-gate" checked={gate} onCheckedChange={(v) => setGate(v === true)} />
              <Label htmlFor="eval-gate">Publishing requires a passing evaluation of the draft</Label>
            </div>
            {gate && (
              <>
                <Label htmlFor="eval-rate">Pass rate at least (%)</Label>
                <Input id="eval-rate" inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
              </>
            )}
          </div>
          <Button type="submit" className="min-h-11 justify-self-start" disabled={save.isPending}>
            Save settings
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
