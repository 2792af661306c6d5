"use client";
// The Start node's Triggers panel: the list of webhooks, schedules and events that start the live
// version, with add and remove, and one sub-form per kind from its own file. Adding a webhook asks the
// server for its URL id and secret first (the secret is shown once, in the webhook's form).
import { useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import {
  eventTriggerSchema,
  MAX_TRIGGERS,
  scheduleTriggerSchema,
  webhookTriggerSchema,
  type Trigger,
  type TriggerKind,
  type WebhookTrigger,
} from "@/lib/model/triggers";
import { apiFetch } from "@/lib/queries/api-fetch";
import { ScheduleTriggerForm } from "./schedule-trigger-form";
import { WebhookTriggerForm } from "./webhook-trigger-form";
import { EventTriggerForm } from "./event-trigger-form";
import { FormError } from "@/components/ui/form-error";

const KIND_LABELS: Record<TriggerKind, string> = { webhook: "Webhook", schedule: "Schedule", event: "Event" };

function randomTriggerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A new trigger of `kind` with its schema's defaults (webhooks get their id from the server). */
function newTrigger(kind: Exclude<TriggerKind, "webhook">): Trigger {
  if (kind === "schedule") return scheduleTriggerSchema.parse({ kind, id: randomTriggerId(), cron: "0 9 * * 1-5" });
  return eventTriggerSchema.parse({ kind, id: randomTriggerId(), event: "order.created" });
}

export function TriggersPanel({
  workflowId,
  value,
  onChange,
  readOnly,
  idPrefix,
}: {
  workflowId: string;
  value: unknown;
  onChange: (next: Trigger[]) => void;
  readOnly: boolean;
  idPrefix: string;
}) {
  const triggers = (Array.isArray(value) ? value : []) as Trigger[];
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const full = triggers.length >= MAX_TRIGGERS;

  const replace = (i: number, next: Trigger) => onChange(triggers.map((t, j) => (j === i ? next : t)));
  const remove = (i: number) => onChange(triggers.filter((_, j) => j !== i));

  const addWebhook = async () => {
    setError(null);
    setAdding(true);
    try {
      const created = await apiFetch<{ triggerId: string; secret: string }>(`/api/v1/workflows/${workflowId}/webhooks`, { method: "POST" });
      setSecrets((s) => ({ ...s, [created.triggerId]: created.secret }));
      onChange([...triggers, webhookTriggerSchema.parse({ kind: "webhook", id: created.triggerId })]);
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not create the webhook.");
    } finally {
      setAdding(false);
    }
  };

  return (
    <section aria-label="Triggers" className="grid grid-cols-1 gap-3">
      <h3 className="text-xs font-semibold tracking-wide text-muted-foreground uppercase">Triggers</h3>
      <p className="text-xs text-muted-foreground">Webhooks, schedules and events start the published version.</p>
      {triggers.length === 0 && <p className="text-xs text-muted-foreground">No triggers: runs start by hand or through the API.</p>}
      <ul className="grid gap-3">
        {triggers.map((t, i) => {
          const props = { workflowId, readOnly, idPrefix: `${idPrefix}-trigger-${i}` };
          return (
            <li key={t.id} className="grid min-w-0 gap-3 rounded-md border p-3" aria-label={`${KIND_LABELS[t.kind]} trigger`}>
              <div className="flex items-center justify-between gap-2">
                <h4 className="text-sm font-medium">{KIND_LABELS[t.kind]}</h4>
                {!readOnly && (
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove ${KIND_LABELS[t.kind].toLowerCase()} trigger`}
                    onClick={() => remove(i)}
                  >
                    <Trash2 className="size-3.5" aria-hidden />
                  </Button>
                )}
              </div>
              {t.kind === "webhook" && (
                <WebhookTriggerForm {...props} trigger={t} revealedSecret={secrets[t.id]} onChange={(n: WebhookTrigger) => replace(i, n)} />
              )}
              {t.kind === "schedule" && <ScheduleTriggerForm {...props} trigger={t} onChange={(n) => replace(i, n)} />}
              {t.kind === "event" && <EventTriggerForm {...props} trigger={t} onChange={(n) => replace(i, n)} />}
            </li>
          );
        })}
      </ul>
      {error && <FormError size="xs">{error}</FormError>}
      {!readOnly && (
        <div className="flex flex-wrap gap-2">
          <Button type="button" variant="outline" size="sm" disabled={full || adding} onClick={() => void addWebhook()}>
            <Plus className="size-3.5" aria-hidden /> Add webhook
          </Button>
          <Button type="button" variant="outline" size="sm" disabled={full} onClick={() => onChange([...triggers, newTrigger("schedule")])}>
            <Plus className="size-3.5" aria-hidden /> Add schedule
          </Button>
          <Button type="button" variant="outline" size="sm" disabled={full} onClick={() => onChange([...triggers, newTrigger("event")])}>
            <Plus className="size-3.5" aria-hidden /> Add event
          </Button>
        </div>
      )}
    </section>
  );
}
