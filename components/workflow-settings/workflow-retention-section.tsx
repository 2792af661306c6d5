"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { WorkflowRetentionView } from "@/lib/governance/retention";
import { FormError } from "@/components/ui/form-error";

type View = WorkflowRetentionView & { globalDays: number | null };

const keepText = (days: number | null) => (days === null ? "forever" : `${days} day${days === 1 ? "" : "s"}`);

/** "" → null (the global default); a whole number of days ≥ 1; anything else → an error message. */
function parseDays(text: string): { days: number | null } | { error: string } {
  const t = text.trim();
  if (!t) return { days: null };
  return /^\d+$/.test(t) && Number(t) >= 1
    ? { days: Number(t) }
    : { error: "Enter a whole number of days (1 or more), or leave it empty." };
}

function RetentionForm({ workflowId, view }: { workflowId: string; view: View }) {
  const qc = useQueryClient();
  const [days, setDays] = useState(view.runRetentionDays === null ? "" : String(view.runRetentionDays));
  const [hold, setHold] = useState(view.legalHold);
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (runRetentionDays: number | null) =>
      apiFetch(`/api/v1/governance/retention/workflows/${encodeURIComponent(workflowId)}`, {
        method: "PATCH",
        body: { runRetentionDays, legalHold: hold },
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ["workflow-retention", workflowId] });
      toast.success("Retention saved");
    },
  });
  return (
    <form
      className="grid gap-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = parseDays(days);
        if ("error" in parsed) {
          setInvalid(parsed.error);
          return;
        }
        setInvalid(null);
        save.mutate(parsed.days);
      }}
    >
      <div className="grid max-w-sm gap-1">
        <Label htmlFor="workflow-retention-days">Keep finished runs (days)</Label>
        <Input
          id="workflow-retention-days"
          inputMode="numeric"
          placeholder={`Global default: ${keepText(view.globalDays)}`}
          value={days}
          aria-invalid={invalid ? true : undefined}
          aria-describedby="workflow-retention-days-hint"
          onChange={(e) => setDays(e.target.value)}
        />
        <p id="workflow-retention-days-hint" className="text-xs text-muted-foreground">
          Empty: the global default ({keepText(view.globalDays)}), set by an admin in Settings.
        </p>
      </div>
      <div className="flex min-h-11 items-center gap-2">
        <Checkbox id="workflow-legal-hold" checked={hold} onCheckedChange={(v) => setHold(v === true)} />
        <Label htmlFor="workflow-legal-hold">Legal hold: never delete this workflow&apos;s runs</Label>
      </div>
      {(invalid ?? save.error) && <FormError>{invalid ?? save.error?.message}</FormError>}
      <div>
        <Button type="submit" disabled={save.isPending}>
          Save retention
        </Button>
      </div>
    </form>
  );
}

/** Workflow settings → Retention (admins): this workflow's retention, its legal hold and what the next purge would delete. */
export function WorkflowRetentionSection({ workflowId }: { workflowId: string }) {
  const { data, isPending, error } = useQuery({
    queryKey: ["workflow-retention", workflowId],
    queryFn: () => apiFetch<View>(`/api/v1/governance/retention/workflows/${encodeURIComponent(workflowId)}`),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2 className="flex flex-wrap items-center gap-2">Retention {data?.legalHold && <Badge variant="outline">Legal hold</Badge>}</h2>
        </CardTitle>
        <CardDescription>
          How long this workflow&apos;s finished runs are kept, with everything under them. The worker deletes expired runs in small
          batches; runs on legal hold are kept.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {isPending ? (
          <Spinner label="Loading retention…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : (
          <>
            <RetentionForm key={`${data.runRetentionDays}:${data.legalHold}`} workflowId={workflowId} view={data} />
            <p className="text-sm" aria-live="polite" data-testid="workflow-retention-preview">
              Keeps runs {keepText(data.effectiveDays)}
              {data.legalHold ? " (on legal hold)" : ""}. The next purge would delete <strong>{data.wouldDelete}</strong> run
              {data.wouldDelete === 1 ? "" : "s"}.
            </p>
          </>
        )}
      </CardContent>
    </Card>
  );
}
