"use client";
// A run's legal hold on the run page: a badge for everyone who sees the run, and for admins the
// button that places or releases it (audited by the server). A held run is never purged by retention
// and an erasure leaves it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ScaleIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";

type Hold = { runId: string; legalHold: boolean };

const holdKey = (runId: string) => ["runs", runId, "legal-hold"] as const;
const holdUrl = (runId: string) => `/api/v1/runs/${encodeURIComponent(runId)}/legal-hold`;

function useRunHold(runId: string) {
  return useQuery({ queryKey: holdKey(runId), queryFn: () => apiFetch<Hold>(holdUrl(runId)) });
}

export function RunHoldBadge({ runId }: { runId: string }) {
  const { data } = useRunHold(runId);
  if (!data?.legalHold) return null;
  return (
    <Badge variant="outline" title="Retention never deletes this run and an erasure leaves it" data-testid="run-legal-hold">
      <ScaleIcon aria-hidden /> Legal hold
    </Badge>
  );
}

export function RunHoldButton({ runId }: { runId: string }) {
  const qc = useQueryClient();
  const { data } = useRunHold(runId);
  const set = useMutation({
    mutationFn: (hold: boolean) => apiFetch<Hold>(holdUrl(runId), { method: "POST", body: { hold } }),
    onSuccess: (next) => {
      qc.setQueryData(holdKey(runId), next);
      toast.success(next.legalHold ? "The run is on legal hold" : "Legal hold released");
    },
    onError: (e) => toast.error(`Could not change the legal hold: ${e.message}`),
  });
  if (!data) return null;
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={set.isPending}
      onClick={() => set.mutate(!data.legalHold)}
      title={data.legalHold ? "Retention may delete the run again once it expires" : "Retention will never delete this run"}
    >
      <ScaleIcon aria-hidden />
      {data.legalHold ? "Release legal hold" : "Place legal hold"}
    </Button>
  );
}
