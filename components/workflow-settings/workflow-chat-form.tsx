"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SaveRow } from "./save-row";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { SettingCheck as Check } from "./setting-check";
import type { WorkflowChatView } from "@/lib/integrations/workflow-chat";
import { FormError } from "@/components/ui/form-error";

/** Under a service's checkbox while no admin has connected it: the choice is kept and waits. */
function NotConnected({ id, service }: { id: string; service: string }) {
  return (
    <p id={id} className="-mt-2 pl-6 text-xs text-muted-foreground">
      {service} is not connected yet: an admin connects it in Settings → Chat approvals. Until then nothing is posted.
    </p>
  );
}

function ChatForm({ workflowId, current }: { workflowId: string; current: WorkflowChatView }) {
  const qc = useQueryClient();
  const { connected } = current;
  const [v, setV] = useState({ slack: current.slack, directMessages: current.directMessages, teams: current.teams });
  const [channel, setChannel] = useState(current.slackChannel ?? "");
  const save = useMutation({
    mutationFn: () =>
      apiFetch<WorkflowChatView>(`/api/v1/workflows/${encodeURIComponent(workflowId)}/chat`, {
        method: "PATCH",
        body: { ...v, slackChannel: channel.trim() || null },
      }),
    onSuccess: (next) => {
      qc.setQueryData(["workflow-chat", workflowId], next);
      toast.success("Chat approvals saved");
    },
  });
  return (
    <form
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Check id="chat-slack" label="Post approval tasks to Slack" checked={v.slack} onChange={(slack) => setV({ ...v, slack })} />
      {!connected.slack && <NotConnected id="chat-slack-off" service="Slack" />}
      <div className="grid max-w-sm gap-1">
        <Label htmlFor="chat-slack-channel">Slack channel (empty: the default channel)</Label>
        <Input
          id="chat-slack-channel"
          placeholder="C0123ABCD or #approvals"
          value={channel}
          disabled={!v.slack}
          onChange={(e) => setChannel(e.target.value)}
        />
      </div>
      <Check
        id="chat-dm"
        label="Also message each assignee directly in Slack"
        checked={v.directMessages}
        onChange={(directMessages) => setV({ ...v, directMessages })}
      />
      <Check id="chat-teams" label="Post approval tasks to Microsoft Teams" checked={v.teams} onChange={(teams) => setV({ ...v, teams })} />
      {!connected.teams && <NotConnected id="chat-teams-off" service="Microsoft Teams" />}
      <SaveRow error={save.error} pending={save.isPending} label="Save chat approvals" />
    </form>
  );
}

/** Workflow settings → Chat approvals: where this workflow's approval tasks are posted. */
export function WorkflowChatSection({ workflowId }: { workflowId: string }) {
  const { data, isPending, error } = useQuery({
    queryKey: ["workflow-chat", workflowId],
    queryFn: () => apiFetch<WorkflowChatView>(`/api/v1/workflows/${encodeURIComponent(workflowId)}/chat`),
  });
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Chat approvals</h2>
        </CardTitle>
        <CardDescription>An admin connects Slack and Teams in Settings; here this workflow picks where its approvals go.</CardDescription>
      </CardHeader>
      <CardContent>
        {isPending ? (
          <Spinner label="Loading chat approvals…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : (
          <ChatForm workflowId={workflowId} current={data} />
        )}
      </CardContent>
    </Card>
  );
}
