"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRing, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { nativeSelectClass } from "@/components/editor/inspector/field-parts";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { Alert, AlertKind } from "@/lib/alerts/alert-schemas";
import type { WorkflowAlertsView } from "@/lib/alerts/workflow-alerts";
import { FormError } from "@/components/ui/form-error";

const kindLabels: Record<AlertKind, string> = {
  failure_rate: "Failure rate above",
  waiting: "An approval waits longer than",
  spend: "Spend in the window above",
};

const thresholdLabel: Record<AlertKind, string> = { failure_rate: "Threshold (%)", waiting: "Waiting (minutes)", spend: "Budget (USD)" };

function newAlert(kind: AlertKind): Alert {
  const id = crypto.randomUUID();
  const channels = { inApp: true, email: false, slack: false };
  if (kind === "failure_rate") return { id, kind, windowMinutes: 60, thresholdPercent: 20, minRuns: 5, channels };
  if (kind === "waiting") return { id, kind, windowMinutes: 60, waitingMinutes: 240, channels };
  return { id, kind, windowMinutes: 1440, budgetUsd: 10, channels };
}

function thresholdOf(a: Alert): number {
  return a.kind === "failure_rate" ? a.thresholdPercent : a.kind === "waiting" ? a.waitingMinutes : a.budgetUsd;
}

function withThreshold(a: Alert, v: number): Alert {
  if (a.kind === "failure_rate") return { ...a, thresholdPercent: v };
  if (a.kind === "waiting") return { ...a, waitingMinutes: v };
  return { ...a, budgetUsd: v };
}

function AlertRow({ a, n, onChange, onRemove }: { a: Alert; n: number; onChange: (a: Alert) => void; onRemove: () => void }) {
  const id = `alert-${n}`;
  const num = (s: string) => (s.trim() === "" ? NaN : Number(s));
  return (
    <fieldset className="grid gap-3 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">
        Alert {n + 1}: {kindLabels[a.kind].toLowerCase()}
      </legend>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="grid gap-1">
          <Label htmlFor={`${id}-threshold`}>{thresholdLabel[a.kind]}</Label>
          <Input
            id={`${id}-threshold`}
            inputMode="decimal"
            defaultValue={String(thresholdOf(a))}
            onChange={(e) => onChange(withThreshold(a, num(e.target.value)))}
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor={`${id}-window`}>Window (minutes, fires once per window)</Label>
          <Input
            id={`${id}-window`}
            inputMode="numeric"
            defaultValue={String(a.windowMinutes)}
            onChange={(e) => onChange({ ...a, windowMinutes: num(e.target.value) })}
          />
        </div>
        {a.kind === "failure_rate" && (
          <div className="grid gap-1">
            <Label htmlFor={`${id}-min`}>At least this many finished runs</Label>
            <Input
              id={`${id}-min`}
              inputMode="numeric"
              defaultValue={String(a.minRuns)}
              onChange={(e) => onChange({ ...a, minRuns: num(e.target.value) })}
            />
          </div>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1" role="group" aria-label={`Alert ${n + 1} notifies`}>
        {(["inApp", "email", "slack"] as const).map((c) => (
          <div key={c} className="flex min-h-11 items-center gap-2">
            <Checkbox
              id={`${id}-${c}`}
              checked={a.channels[c]}
              onCheckedChange={(v) => onChange({ ...a, channels: { ...a.channels, [c]: v === true } })}
            />
            <Label htmlFor={`${id}-${c}`}>{c === "inApp" ? "In app" : c === "email" ? "Email" : "Slack"}</Label>
          </div>
        ))}
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="ml-auto min-h-11"
          onClick={onRemove}
          aria-label={`Remove alert ${n + 1}`}
        >
          <Trash2 aria-hidden /> Remove
        </Button>
      </div>
    </fieldset>
  );
}

function AlertsForm({ workflowId, view }: { workflowId: string; view: WorkflowAlertsView }) {
  const qc = useQueryClient();
  const [alerts, setAlerts] = useState<Alert[]>(view.alerts);
  const [kind, setKind] = useState<AlertKind>("failure_rate");
  const save = useMutation({
    mutationFn: () =>
      apiFetch<WorkflowAlertsView>(`/api/v1/workflows/${encodeURIComponent(workflowId)}/alerts`, { method: "PATCH", body: { alerts } }),
    onSuccess: (next) => {
      qc.setQueryData(["workflow-alerts", workflowId], next);
      toast.success("Alerts saved");
    },
  });
  return (
    <form
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {alerts.length === 0 ? (
        <EmptyState
          icon={BellRing}
          title="No alerts yet"
          description="Add one below to be told when runs fail, wait or cost more than they should."
        />
      ) : (
        alerts.map((a, i) => (
          <AlertRow
            key={a.id}
            a={a}
            n={i}
            onChange={(next) => setAlerts(alerts.map((x) => (x.id === a.id ? next : x)))}
            onRemove={() => setAlerts(alerts.filter((x) => x.id !== a.id))}
          />
        ))
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1">
          <Label htmlFor="alert-kind">New alert</Label>
          <select id="alert-kind" className={nativeSelectClass} value={kind} onChange={(e) => setKind(e.target.value as AlertKind)}>
            {(Object.keys(kindLabels) as AlertKind[]).map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]} …
              </option>
            ))}
          </select>
        </div>
        <Button type="button" variant="outline" onClick={() => setAlerts([...alerts, newAlert(kind)])}>
          <Plus aria-hidden /> Add alert
        </Button>
        <Button type="submit" disabled={save.isPending}>
          Save alerts
        </Button>
      </div>
      {save.error && <FormError>{save.error.message}</FormError>}
    </form>
  );
}

/** Workflow settings → Alerts: the workflow's alerts and when they last fired. */
export function WorkflowAlertsSection({ workflowId }: { workflowId: string }) {
  const { data, isPending, error } = useQuery({
    queryKey: ["workflow-alerts", workflowId],
    queryFn: () => apiFetch<WorkflowAlertsView>(`/api/v1/workflows/${encodeURIComponent(workflowId)}/alerts`),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Alerts</h2>
        </CardTitle>
        <CardDescription>
          Checked by the worker every 30 seconds. Each alert fires at most once per window; in-app and email go to admins and the
          workflow&apos;s creator, Slack to the workflow&apos;s channel.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        {isPending ? (
          <Spinner label="Loading alerts…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : (
          <>
            <AlertsForm workflowId={workflowId} view={data} />
            {data.firings.length > 0 && (
              <Table aria-label="Recent alerts">
                <TableHeader>
                  <TableRow>
                    <TableHead>Fired</TableHead>
                    <TableHead>Alert</TableHead>
                    <TableHead>Value</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {data.firings.map((f) => (
                    <TableRow key={f.id}>
                      <TableCell>{new Date(f.atMs).toLocaleString()}</TableCell>
                      <TableCell>{kindLabels[f.kind] ?? f.kind}</TableCell>
                      <TableCell>
                        {f.value.toFixed(2)} (limit {f.threshold})
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
