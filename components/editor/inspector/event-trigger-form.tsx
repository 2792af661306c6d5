"use client";
// One event trigger of the Start node: enabled, the event name it subscribes to, and the JSONata mapping
// from { name, key, id, data } to the run input, with a curl line showing how to publish the event.
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import type { EventTrigger } from "@/lib/model/triggers";
import { EVENT_NAME_PATTERN } from "@/lib/model/wait-keys";
import { syntaxError } from "./expression-input";
import { FieldRow } from "./field-parts";
import type { TriggerFormProps } from "./trigger-form-types";

export function EventTriggerForm({ trigger, onChange, readOnly, idPrefix }: TriggerFormProps<EventTrigger>) {
  const set = <K extends keyof EventTrigger>(key: K, value: EventTrigger[K]) => onChange({ ...trigger, [key]: value });
  const id = (k: string) => `${idPrefix}-${k}`;
  const nameProblem = EVENT_NAME_PATTERN.test(trigger.event) ? undefined : "1-200 letters, digits or _ . : / -";
  const mapping = trigger.mapping ?? "";
  const mappingProblem = mapping.trim() ? (syntaxError("expression", mapping) ?? undefined) : undefined;
  const example = `curl -X POST "$SWITCHYARD/api/v1/events" -H "Authorization: Bearer sy_…" -H "Content-Type: application/json" -d '{"name":"${trigger.event}","id":"…","data":{}}'`;
  return (
    <div className="grid gap-3">
      <FieldRow id={id("enabled")} label="Enabled" inline>
        <Switch id={id("enabled")} checked={trigger.enabled !== false} disabled={readOnly} onCheckedChange={(c) => set("enabled", c)} />
      </FieldRow>
      <FieldRow
        id={id("event")}
        label="Event name"
        required
        problem={nameProblem}
        help="Every event published with this name starts a run."
      >
        <Input
          id={id("event")}
          className="h-8 font-mono text-xs"
          value={trigger.event}
          readOnly={readOnly}
          aria-invalid={nameProblem ? true : undefined}
          placeholder="order.created"
          onChange={(e) => set("event", e.target.value)}
        />
      </FieldRow>
      <FieldRow
        id={id("mapping")}
        label="Mapping"
        problem={mappingProblem}
        help="JSONata over { name, key, id, data } giving the run input. Empty: the event's data is the input."
      >
        <Textarea
          id={id("mapping")}
          className="font-mono text-xs"
          rows={3}
          readOnly={readOnly}
          placeholder="{ 'orderId': key, 'amount': data.total }"
          value={mapping}
          onChange={(e) => set("mapping", e.target.value)}
        />
      </FieldRow>
      <p className="text-xs text-muted-foreground">Publish it (role designer or admin, session or API key):</p>
      <code className="block overflow-x-auto rounded bg-muted p-2 text-[11px] break-all whitespace-pre-wrap">{example}</code>
    </div>
  );
}
