"use client";
// One webhook trigger: its URL (copy), its secret (shown once after create or rotate, copy), rotation
// with an overlap, the verification mode (a warning for "none"), the JSONata mapping, the response
// mode and limits, and the deliveries log.
import { useState } from "react";
import { AlertTriangle, RotateCw } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { WEBHOOK_VERIFICATIONS, type WebhookTrigger } from "@/lib/model/triggers";
import { apiFetch } from "@/lib/queries/api-fetch";
import { CopyButton } from "./copy-button";
import { FieldRow, NumberInput, nativeSelectClass } from "./field-parts";
import type { TriggerFormProps } from "./trigger-form-types";
import { WebhookDeliveries } from "./webhook-deliveries";

const MODE_LABELS: Record<WebhookTrigger["verification"], string> = {
  standard: "Standard Webhooks (webhook-signature)",
  github: "GitHub (X-Hub-Signature-256)",
  stripe: "Stripe (Stripe-Signature)",
  header_token: "Token in a header",
  none: "None (anyone with the URL)",
};

export function WebhookTriggerForm({
  workflowId,
  trigger,
  onChange,
  readOnly,
  idPrefix,
  revealedSecret,
}: TriggerFormProps<WebhookTrigger> & { revealedSecret?: string }) {
  const [secret, setSecret] = useState<string | undefined>(revealedSecret);
  const [overlap, setOverlap] = useState<number | undefined>(60);
  const [rotateError, setRotateError] = useState<string | null>(null);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const url = typeof window === "undefined" ? `/api/v1/hooks/${trigger.id}` : `${window.location.origin}/api/v1/hooks/${trigger.id}`;
  const set = <K extends keyof WebhookTrigger>(key: K, value: WebhookTrigger[K]) => onChange({ ...trigger, [key]: value });
  const id = (k: string) => `${idPrefix}-${k}`;

  const rotate = async () => {
    setRotateError(null);
    try {
      const out = await apiFetch<{ secret: string }>(`/api/v1/workflows/${workflowId}/webhooks/${trigger.id}/rotate`, {
        method: "POST",
        body: { overlapMinutes: overlap ?? 0 },
      });
      setSecret(out.secret);
    } catch (e) {
      setRotateError(e instanceof Error ? e.message : "Rotation failed.");
    }
  };

  return (
    <div className="grid gap-3">
      <FieldRow id={id("enabled")} label="Enabled" inline>
        <Switch id={id("enabled")} checked={trigger.enabled !== false} onCheckedChange={(c) => set("enabled", c)} />
      </FieldRow>

      <FieldRow id={id("url")} label="URL" help="POST deliveries here. It works once a version with this webhook is published.">
        <div className="flex gap-2">
          <Input id={id("url")} className="h-8 font-mono text-xs" value={url} readOnly />
          <CopyButton value={url} label="Copy webhook URL" />
        </div>
      </FieldRow>

      {secret ? (
        <FieldRow id={id("secret")} label="Secret" help="Shown once: copy it now. It is stored encrypted and cannot be shown again.">
          <div className="flex gap-2">
            <Input id={id("secret")} className="h-8 font-mono text-xs" value={secret} readOnly />
            <CopyButton value={secret} label="Copy webhook secret" />
          </div>
        </FieldRow>
      ) : (
        <p className="text-xs text-muted-foreground">The secret is hidden. Rotate it to get a new one.</p>
      )}

      {!readOnly && (
        <div className="grid gap-1.5">
          <div className="flex flex-wrap items-end gap-2">
            <FieldRow id={id("overlap")} label="Old secret valid for (minutes)">
              <NumberInput id={id("overlap")} value={overlap} min={0} max={10080} onChange={setOverlap} />
            </FieldRow>
            <Button type="button" variant="outline" size="sm" onClick={() => void rotate()}>
              <RotateCw className="size-3.5" aria-hidden /> Rotate secret
            </Button>
          </div>
          {rotateError && <p className="text-xs text-destructive">{rotateError}</p>}
        </div>
      )}

      <FieldRow id={id("verification")} label="Verification">
        <select
          id={id("verification")}
          className={nativeSelectClass}
          value={trigger.verification}
          onChange={(e) => set("verification", e.target.value as WebhookTrigger["verification"])}
        >
          {WEBHOOK_VERIFICATIONS.map((m) => (
            <option key={m} value={m}>
              {MODE_LABELS[m]}
            </option>
          ))}
        </select>
      </FieldRow>
      {trigger.verification === "none" && (
        <p role="alert" className="flex gap-2 rounded-md border border-status-waiting/40 bg-status-waiting/10 p-2 text-xs">
          <AlertTriangle className="size-4 shrink-0" aria-hidden />
          Anyone who knows the URL can start runs. Use a signature mode unless the sender cannot sign.
        </p>
      )}
      {trigger.verification === "header_token" && (
        <FieldRow id={id("tokenHeader")} label="Token header" help="The header that carries the secret.">
          <Input
            id={id("tokenHeader")}
            className="h-8"
            placeholder="X-Webhook-Token"
            value={trigger.tokenHeader ?? ""}
            onChange={(e) => set("tokenHeader", e.target.value || undefined)}
          />
        </FieldRow>
      )}

      <FieldRow
        id={id("mapping")}
        label="Mapping"
        help="JSONata over { body, headers, query } giving the run input. Empty: the body is the input."
      >
        <Textarea
          id={id("mapping")}
          className="font-mono text-xs"
          rows={3}
          placeholder="{ 'amount': body.total }"
          value={trigger.mapping ?? ""}
          onChange={(e) => set("mapping", e.target.value)}
        />
      </FieldRow>
      <FieldRow id={id("headers")} label="Headers the mapping may read" help="Comma-separated names; other headers are not passed in.">
        <Input
          id={id("headers")}
          className="h-8"
          value={(trigger.allowedHeaders ?? []).join(", ")}
          onChange={(e) =>
            set(
              "allowedHeaders",
              e.target.value
                .split(",")
                .map((s) => s.trim().toLowerCase())
                .filter(Boolean),
            )
          }
        />
      </FieldRow>

      <FieldRow id={id("respond")} label="Response">
        <select
          id={id("respond")}
          className={nativeSelectClass}
          value={trigger.respond}
          onChange={(e) => set("respond", e.target.value as WebhookTrigger["respond"])}
        >
          <option value="accepted">202 with the run id at once</option>
          <option value="wait">Wait for the run&apos;s output</option>
        </select>
      </FieldRow>
      {trigger.respond === "wait" && (
        <FieldRow id={id("waitSeconds")} label="Wait up to (seconds)">
          <NumberInput id={id("waitSeconds")} value={trigger.waitSeconds} min={1} max={30} onChange={(v) => set("waitSeconds", v ?? 10)} />
        </FieldRow>
      )}
      <div className="grid grid-cols-2 gap-2">
        <FieldRow id={id("maxBody")} label="Body limit (KB)">
          <NumberInput
            id={id("maxBody")}
            value={Math.round((trigger.maxBodyBytes ?? 1024 * 1024) / 1024)}
            min={1}
            max={10240}
            onChange={(v) => set("maxBodyBytes", Math.max(1, v ?? 1024) * 1024)}
          />
        </FieldRow>
        <FieldRow id={id("rate")} label="Per minute">
          <NumberInput id={id("rate")} value={trigger.rateLimitPerMinute} min={1} onChange={(v) => set("rateLimitPerMinute", v ?? 600)} />
        </FieldRow>
      </div>

      <Button type="button" variant="ghost" size="sm" aria-expanded={showDeliveries} onClick={() => setShowDeliveries((s) => !s)}>
        {showDeliveries ? "Hide deliveries" : "Show deliveries"}
      </Button>
      {showDeliveries && <WebhookDeliveries workflowId={workflowId} triggerId={trigger.id} readOnly={readOnly} />}
    </div>
  );
}
