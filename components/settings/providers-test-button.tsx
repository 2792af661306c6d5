"use client";
import { useMutation } from "@tanstack/react-query";
import { CheckCircle2, PlugZap, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { ConnectionTestResult } from "@/lib/providers/provider-schemas";

/** "Test connection": calls the endpoint with the stored key and shows what happened. */
export function ProvidersTestButton({ providerId, name }: { providerId: string; name: string }) {
  const test = useMutation({
    mutationFn: () => apiFetch<{ result: ConnectionTestResult }>(`/api/v1/providers/${providerId}/test`, { method: "POST", body: {} }),
  });
  const r = test.data?.result;
  return (
    <div className="grid gap-1">
      <Button
        type="button"
        variant="outline"
        size="sm"
        onClick={() => test.mutate()}
        disabled={test.isPending}
        aria-label={`Test connection to ${name}`}
      >
        <PlugZap aria-hidden />
        {test.isPending ? "Testing…" : "Test connection"}
      </Button>
      <div aria-live="polite" className="max-w-64 text-xs">
        {test.error && <span className="text-destructive">{test.error.message}</span>}
        {r?.ok && (
          <span className="inline-flex items-center gap-1 text-emerald-700 dark:text-emerald-400">
            <CheckCircle2 className="size-3.5" aria-hidden />
            Connected in {r.latencyMs} ms{r.method === "models" ? ` · ${r.models.length} models` : ""}
          </span>
        )}
        {r && !r.ok && (
          <span className="inline-flex items-start gap-1 text-destructive">
            <XCircle className="mt-0.5 size-3.5 shrink-0" aria-hidden />
            {r.message}
          </span>
        )}
      </div>
    </div>
  );
}
