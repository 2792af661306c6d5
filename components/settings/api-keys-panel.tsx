"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { KeyRound, RotateCw, Trash2 } from "lucide-react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { roleLabels, type Role } from "@/lib/auth/permissions";
import type { ApiKeyInfo } from "@/lib/auth/api-key-info";
import { ApiKeyCreateDialog, type WorkflowChoice } from "./api-key-create-dialog";
import { ApiKeySecretDialog } from "./api-key-secret-dialog";
import { FormError } from "@/components/ui/form-error";

const keysKey = ["api-keys"] as const;

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

function statusOf(k: ApiKeyInfo, nowMs: number): { label: string; variant: "secondary" | "destructive" | "outline" } {
  if (k.revokedAt) return { label: "Revoked", variant: "destructive" };
  if (k.expiresAt && Date.parse(k.expiresAt) <= nowMs) return { label: "Expired", variant: "outline" };
  return { label: "Active", variant: "secondary" };
}

function ConfirmButton({
  label,
  icon,
  title,
  description,
  confirm,
  onConfirm,
  destructive,
}: {
  label: string;
  icon: React.ReactNode;
  title: string;
  description: string;
  confirm: string;
  onConfirm: () => void;
  destructive?: boolean;
}) {
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant={destructive ? "outline" : "ghost"} size="sm" aria-label={label}>
          {icon}
          <span>{label.split(" ")[0]}</span>
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction onClick={onConfirm}>{confirm}</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** Your API keys (admins: every key), with last use, revoke and rotate. */
export function ApiKeysPanel({ me, workflows }: { me: { id: string; role: Role }; workflows: WorkflowChoice[] }) {
  const qc = useQueryClient();
  const [issued, setIssued] = useState<{ name: string; secret: string } | null>(null);
  const isAdmin = me.role === "admin";
  const workflowName = new Map(workflows.map((w) => [w.id, w.name]));
  const { data, isPending, error } = useQuery({
    queryKey: keysKey,
    queryFn: () => apiFetch<{ keys: ApiKeyInfo[] }>("/api/v1/api-keys"),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: keysKey });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/v1/api-keys/${id}`, { method: "DELETE" }),
    onSuccess: async () => {
      await refresh();
      toast.success("Key revoked");
    },
    onError: (e) => toast.error(e.message),
  });
  const rotate = useMutation({
    mutationFn: (id: string) => apiFetch<{ key: ApiKeyInfo; secret: string }>(`/api/v1/api-keys/${id}/rotate`, { method: "POST" }),
    onSuccess: async (res) => {
      await refresh();
      setIssued({ name: res.key.name, secret: res.secret });
    },
    onError: (e) => toast.error(e.message),
  });
  const onCreated = (res: { key: ApiKeyInfo; secret: string }) => {
    void refresh();
    setIssued({ name: res.key.name, secret: res.secret });
  };
  const create = <ApiKeyCreateDialog myRole={me.role} workflows={workflows} onCreated={onCreated} />;
  const [nowMs] = useState(() => Date.now());
  return (
    <Card>
      <CardHeader className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid gap-1">
          <CardTitle>
            <h2>API keys</h2>
          </CardTitle>
          <CardDescription>
            {isAdmin ? "Every key in this workspace. You can revoke any of them." : "Keys that let other programs act for you."}
          </CardDescription>
        </div>
        {data && data.keys.length > 0 && create}
      </CardHeader>
      <CardContent>
        {isPending ? (
          <p role="status" className="text-sm text-muted-foreground">
            Loading keys…
          </p>
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : data.keys.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="No API keys yet"
            description="Create a key to let another program (a CRM, a cron job, a script) start and read runs with your permissions. You choose its role, expiry and workflows."
            action={create}
          />
        ) : (
          <ul className="grid gap-3" aria-label="API keys">
            {data.keys.map((k) => {
              const status = statusOf(k, nowMs);
              const usable = status.label === "Active";
              return (
                <li
                  key={k.id}
                  className="grid gap-3 rounded-lg border p-3 sm:grid-cols-[1fr_auto] sm:items-start"
                  aria-label={`Key ${k.name}`}
                >
                  <div className="grid min-w-0 gap-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium break-all">{k.name}</span>
                      <Badge variant={status.variant}>{status.label}</Badge>
                      <Badge variant="outline">{roleLabels[k.role as Role] ?? k.role}</Badge>
                    </div>
                    <code className="text-xs text-muted-foreground">sy_{k.prefix}_…</code>
                    <dl className="grid gap-x-4 gap-y-0.5 text-xs text-muted-foreground sm:grid-cols-2">
                      <div>
                        <dt className="inline">Workflows: </dt>
                        <dd className="inline">
                          {k.workflowIds ? k.workflowIds.map((id) => workflowName.get(id) ?? id).join(", ") : "All workflows"}
                        </dd>
                      </div>
                      <div>
                        <dt className="inline">Expires: </dt>
                        <dd className="inline">{k.expiresAt ? when(k.expiresAt) : "Never"}</dd>
                      </div>
                      <div>
                        <dt className="inline">Created: </dt>
                        <dd className="inline">{when(k.createdAt)}</dd>
                      </div>
                      <div>
                        <dt className="inline">Last used: </dt>
                        <dd className="inline break-all">
                          {k.lastUsedAt
                            ? `${when(k.lastUsedAt)}${k.lastUsedIp ? ` from ${k.lastUsedIp}` : ""}${k.lastUsedAgent ? ` (${k.lastUsedAgent})` : ""}`
                            : "Never"}
                        </dd>
                      </div>
                      {isAdmin && (
                        <div>
                          <dt className="inline">Owner: </dt>
                          <dd className="inline break-all">{k.owner.id === me.id ? "You" : k.owner.email}</dd>
                        </div>
                      )}
                    </dl>
                  </div>
                  {usable && (
                    <div className="flex flex-wrap gap-2">
                      <ConfirmButton
                        label={`Rotate ${k.name}`}
                        icon={<RotateCw className="size-4" aria-hidden />}
                        title={`Rotate “${k.name}”?`}
                        description="A new secret with the same role, expiry and workflows replaces this key. The current secret stops working at once."
                        confirm="Rotate key"
                        onConfirm={() => rotate.mutate(k.id)}
                      />
                      <ConfirmButton
                        label={`Revoke ${k.name}`}
                        icon={<Trash2 className="size-4" aria-hidden />}
                        title={`Revoke “${k.name}”?`}
                        description="Programs using this key get 401 on their next request. This cannot be undone."
                        confirm="Revoke key"
                        onConfirm={() => revoke.mutate(k.id)}
                        destructive
                      />
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </CardContent>
      <ApiKeySecretDialog issued={issued} onClose={() => setIssued(null)} />
    </Card>
  );
}
