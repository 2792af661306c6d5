"use client";
import { useState, type ReactNode } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { PublicChatSettings } from "@/lib/integrations/chat-settings";
import { FormError } from "@/components/ui/form-error";

export const chatSettingsKey = ["integrations", "chat"] as const;
const DEFAULT_SLACK_API = "https://slack.com/api";

function Stored({ set }: { set: boolean }) {
  return set ? <Badge variant="outline">stored</Badge> : null;
}

function SecretField({
  id,
  label,
  stored,
  value,
  onChange,
  hint,
}: {
  id: string;
  label: string;
  stored: boolean;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
}) {
  return (
    <div className="grid gap-1">
      <Label htmlFor={id} className="flex items-center gap-2">
        {label} <Stored set={stored} />
      </Label>
      <Input
        id={id}
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={stored ? "Leave empty to keep the stored value" : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
    </div>
  );
}

/**
 * One chat service's form: its title and status, the fields, the error, Save and (when configured)
 * Remove. `body(remove)` is the PATCH body; after a save the stored settings replace the cached ones
 * and `onSaved` clears the write-only fields.
 */
function ChatServiceForm({
  id,
  title,
  configured,
  body,
  onSaved,
  children,
}: {
  id: string;
  title: string;
  configured: boolean;
  body: (remove: boolean) => Record<string, unknown>;
  onSaved: () => void;
  children: ReactNode;
}) {
  const qc = useQueryClient();
  const name = title.split(" ").at(-1); // "Microsoft Teams": Save Teams
  const save = useMutation({
    mutationFn: (remove: boolean) => apiFetch<PublicChatSettings>("/api/v1/integrations/chat", { method: "PATCH", body: body(remove) }),
    onSuccess: (next, remove) => {
      qc.setQueryData(chatSettingsKey, next);
      onSaved();
      toast.success(`${name} ${remove ? "removed" : "saved"}`);
    },
  });
  return (
    <form
      aria-labelledby={`${id}-title`}
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(false);
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h3 id={`${id}-title`} className="font-medium">
          {title}
        </h3>
        {configured ? <Badge>Connected</Badge> : <Badge variant="outline">Not configured</Badge>}
      </div>
      {children}
      {save.error && <FormError>{save.error.message}</FormError>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending}>
          Save {name}
        </Button>
        {configured && (
          <Button type="button" variant="outline" disabled={save.isPending} onClick={() => save.mutate(true)}>
            Remove {name}
          </Button>
        )}
      </div>
    </form>
  );
}

/** Slack's write-only fields: blank keeps the stored value. */
const SLACK_SECRETS = [
  { key: "botToken", id: "slack-bot-token", label: "Bot token", hint: "xoxb-…; posts, updates messages and opens the reason dialog." },
  { key: "webhookUrl", id: "slack-webhook", label: "Incoming webhook URL", hint: "Used when there is no bot token." },
  { key: "signingSecret", id: "slack-signing-secret", label: "Signing secret", hint: "Verifies every button click Slack sends back." },
] as const;
type SlackSecret = (typeof SLACK_SECRETS)[number]["key"];
const storedFlag = { botToken: "hasBotToken", webhookUrl: "hasWebhookUrl", signingSecret: "hasSigningSecret" } as const;
const noSecrets: Record<SlackSecret, string> = { botToken: "", webhookUrl: "", signingSecret: "" };

function SlackForm({ current }: { current: PublicChatSettings }) {
  const s = current.slack;
  const [apiBaseUrl, setApiBaseUrl] = useState(s?.apiBaseUrl ?? DEFAULT_SLACK_API);
  const [channel, setChannel] = useState(s?.defaultChannel ?? "");
  const [secrets, setSecrets] = useState(noSecrets);
  const interactions =
    typeof window === "undefined"
      ? "/api/v1/integrations/slack/interactions"
      : `${window.location.origin}/api/v1/integrations/slack/interactions`;
  const typed = Object.fromEntries(SLACK_SECRETS.flatMap(({ key }) => (secrets[key].trim() ? [[key, secrets[key].trim()]] : [])));
  return (
    <ChatServiceForm
      id="chat-slack"
      title="Slack"
      configured={Boolean(s)}
      body={(remove) => ({
        slack: remove ? null : { apiBaseUrl: apiBaseUrl.trim() || DEFAULT_SLACK_API, defaultChannel: channel.trim() || null, ...typed },
      })}
      onSaved={() => setSecrets(noSecrets)}
    >
      <div className="grid gap-4 md:grid-cols-2">
        <div className="grid gap-1">
          <Label htmlFor="slack-api">Slack API base URL</Label>
          <Input id="slack-api" inputMode="url" value={apiBaseUrl} onChange={(e) => setApiBaseUrl(e.target.value)} />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="slack-channel">Default channel</Label>
          <Input id="slack-channel" placeholder="C0123ABCD or #approvals" value={channel} onChange={(e) => setChannel(e.target.value)} />
        </div>
        {SLACK_SECRETS.map((f) => (
          <SecretField
            key={f.key}
            id={f.id}
            label={f.label}
            hint={f.hint}
            stored={s?.[storedFlag[f.key]] ?? false}
            value={secrets[f.key]}
            onChange={(v) => setSecrets((prev) => ({ ...prev, [f.key]: v }))}
          />
        ))}
        <div className="grid content-start gap-1">
          <Label htmlFor="slack-interactions">Interactivity request URL (paste into the Slack app)</Label>
          <Input id="slack-interactions" readOnly value={interactions} onFocus={(e) => e.currentTarget.select()} />
        </div>
      </div>
    </ChatServiceForm>
  );
}

function TeamsForm({ current }: { current: PublicChatSettings }) {
  const [url, setUrl] = useState("");
  return (
    <ChatServiceForm
      id="chat-teams"
      title="Microsoft Teams"
      configured={Boolean(current.teams)}
      body={(remove) => ({ teams: remove ? null : url.trim() ? { webhookUrl: url.trim() } : {} })}
      onSaved={() => setUrl("")}
    >
      <SecretField
        id="teams-webhook"
        label="Workflow webhook URL"
        stored={current.teams?.hasWebhookUrl ?? false}
        value={url}
        onChange={setUrl}
        hint="From a Teams workflow “Post to a channel when a webhook request is received”. Cards carry an Open link; decisions are made in the inbox."
      />
    </ChatServiceForm>
  );
}

/** Settings → Chat approvals (admin): the Slack app and the Teams webhook approval tasks are posted to. */
export function ChatIntegrationsPanel() {
  const { data, isPending, error } = useQuery({
    queryKey: chatSettingsKey,
    queryFn: () => apiFetch<PublicChatSettings>("/api/v1/integrations/chat"),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Chat approvals</h2>
        </CardTitle>
        <CardDescription>
          New approval tasks are posted to Slack (Approve, Reject with a reason, Open) and Teams (Open). A decision in Slack passes the same
          checks as one in the inbox. Each workflow can choose its own channel in its settings. Tokens and secrets are stored encrypted and
          never shown again.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-8">
        {isPending ? (
          <Spinner label="Loading chat settings…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : (
          <>
            <SlackForm key={JSON.stringify(data.slack)} current={data} />
            <TeamsForm current={data} />
          </>
        )}
      </CardContent>
    </Card>
  );
}
