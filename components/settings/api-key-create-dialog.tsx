"use client";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Field } from "@/components/auth/field";
import { apiFetch } from "@/lib/queries/api-fetch";
import { roleDescriptions, roleLabels, roles, type Role } from "@/lib/auth/permissions";
import { roleWithin } from "@/lib/auth/role-ceiling";
import type { ApiKeyInfo } from "@/lib/auth/api-key-info";
import { FormError } from "@/components/ui/form-error";

export interface WorkflowChoice {
  id: string;
  name: string;
}

/** Create a key: name, a role no higher than yours, an optional expiry date and optional workflows. */
export function ApiKeyCreateDialog({
  myRole,
  workflows,
  onCreated,
}: {
  myRole: Role;
  workflows: WorkflowChoice[];
  onCreated: (issued: { key: ApiKeyInfo; secret: string }) => void;
}) {
  const allowedRoles = roles.filter((r) => roleWithin(r, myRole));
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>(myRole);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; role: Role; expiresAt: string | null; workflowIds: string[] | null }) =>
      apiFetch<{ key: ApiKeyInfo; secret: string }>("/api/v1/api-keys", { method: "POST", body }),
    onSuccess: (issued) => {
      setOpen(false);
      onCreated(issued);
    },
    onError: (e) => setError(e.message),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    const date = String(f.get("key-expires") ?? "");
    const ids = f.getAll("key-workflow").map(String);
    create.mutate({
      name: String(f.get("key-name") ?? ""),
      role,
      // The key works through the whole chosen day (local time).
      expiresAt: date ? new Date(`${date}T23:59:59`).toISOString() : null,
      workflowIds: ids.length ? ids : null,
    });
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) {
          setError(null);
          setRole(myRole);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <KeyRound className="size-4" aria-hidden />
          Create key
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Create API key</DialogTitle>
            <DialogDescription>Another program sends it as “Authorization: Bearer …”. You will see the key once.</DialogDescription>
          </DialogHeader>
          {error && <FormError>{error}</FormError>}
          <Field id="key-name" label="Name" placeholder="e.g. CRM integration" required maxLength={100} />
          <div className="grid gap-1.5">
            <Label htmlFor="key-role">Role</Label>
            <select
              id="key-role"
              value={role}
              onChange={(e) => setRole(e.target.value as Role)}
              aria-describedby="key-role-help"
              className="h-9 rounded-md border border-input bg-background px-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            >
              {allowedRoles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
            <p id="key-role-help" className="text-xs text-muted-foreground">
              {roleDescriptions[role]}. A key can never do more than your own role.
            </p>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="key-expires">Expires on (optional)</Label>
            <input
              id="key-expires"
              name="key-expires"
              type="date"
              aria-describedby="key-expires-help"
              className="h-9 rounded-md border border-input bg-background px-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
            />
            <p id="key-expires-help" className="text-xs text-muted-foreground">
              The key stops working after this day. Leave empty for no expiry.
            </p>
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Allowed workflows (optional)</legend>
            <p className="text-xs text-muted-foreground">
              Tick workflows to limit the key to starting and reading their runs. Leave all unticked to allow every workflow.
            </p>
            {workflows.length === 0 ? (
              <p className="text-xs text-muted-foreground">There are no workflows yet.</p>
            ) : (
              <div className="grid max-h-40 gap-1 overflow-y-auto rounded-md border p-2">
                {workflows.map((w) => (
                  <label key={w.id} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="key-workflow" value={w.id} className="size-4 accent-primary" />
                    <span className="truncate">{w.name}</span>
                  </label>
                ))}
              </div>
            )}
          </fieldset>
          <DialogFooter>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create key"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
