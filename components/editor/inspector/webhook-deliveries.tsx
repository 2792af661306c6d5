"use client";
// A webhook's deliveries log (last 7 days): time, verified or why not, status, run link, send again.
import Link from "next/link";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { RefreshCw, Send } from "lucide-react";
import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/queries/api-fetch";

interface Delivery {
  id: string;
  receivedAt: string;
  deliveryId: string | null;
  verified: boolean;
  reason: string | null;
  status: number;
  runId: string | null;
}

export function WebhookDeliveries({ workflowId, triggerId, readOnly }: { workflowId: string; triggerId: string; readOnly: boolean }) {
  const base = `/api/v1/workflows/${workflowId}/webhooks/${triggerId}/deliveries`;
  const queryKey = ["webhook-deliveries", workflowId, triggerId];
  const client = useQueryClient();
  const list = useQuery({ queryKey, queryFn: ({ signal }) => apiFetch<{ deliveries: Delivery[] }>(base, { signal }) });
  const [message, setMessage] = useState<string | null>(null);

  const sendAgain = async (id: string) => {
    setMessage(null);
    try {
      const out = await apiFetch<{ runId: string }>(`${base}/${id}/resend`, { method: "POST" });
      setMessage(`Sent again: run ${out.runId.slice(0, 8)}`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "Could not send again.");
    }
    await client.invalidateQueries({ queryKey });
  };

  return (
    <section aria-label="Deliveries" className="grid gap-2">
      <div className="flex items-center justify-between">
        <h4 className="text-xs font-medium">Deliveries (7 days)</h4>
        <Button type="button" variant="ghost" size="sm" aria-label="Refresh deliveries" onClick={() => void list.refetch()}>
          <RefreshCw className="size-3.5" aria-hidden />
        </Button>
      </div>
      {message && (
        <p className="text-xs text-muted-foreground" role="status">
          {message}
        </p>
      )}
      {list.isError && <p className="text-xs text-destructive">Could not load deliveries.</p>}
      {list.data?.deliveries.length === 0 && <p className="text-xs text-muted-foreground">No deliveries yet.</p>}
      <ul className="grid gap-1.5">
        {list.data?.deliveries.map((d) => (
          <li key={d.id} className="grid gap-1 rounded-md border p-2 text-xs" data-testid="webhook-delivery">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <time dateTime={d.receivedAt} className="text-muted-foreground">
                {new Date(d.receivedAt).toLocaleString()}
              </time>
              <span className={d.status < 300 ? "font-medium text-status-succeeded" : "font-medium text-destructive"}>{d.status}</span>
            </div>
            <div className="break-words">
              {d.verified ? "Verified" : "Not verified"}
              {d.reason ? ` — ${d.reason}` : ""}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {d.runId && (
                <Link href={`/runs/${d.runId}`} className="underline underline-offset-2">
                  Run {d.runId.slice(0, 8)}
                </Link>
              )}
              {d.verified && !readOnly && (
                <Button type="button" variant="outline" size="sm" className="h-6 px-2 text-xs" onClick={() => void sendAgain(d.id)}>
                  <Send className="size-3" aria-hidden /> Send again
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
