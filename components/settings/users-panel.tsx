"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Switch } from "@/components/ui/switch";
import { Field } from "@/components/auth/field";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { roleDescriptions, roleLabels, roles, type Role } from "@/lib/auth/roles";
import type { PublicUser } from "@/lib/auth/users";
import { describeUserChange, UserChangeDialog, type UserChange } from "./user-change-dialog";
import { FormError } from "@/components/ui/form-error";

const usersKey = ["users"] as const;

function RoleSelect({ id, value, onChange, label }: { id: string; value: Role; onChange: (r: Role) => void; label: string }) {
  return (
    <select
      id={id}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value as Role)}
      className="h-9 rounded-md border border-input bg-background px-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
    >
      {roles.map((r) => (
        <option key={r} value={r}>
          {roleLabels[r]}
        </option>
      ))}
    </select>
  );
}

function CreateUserDialog() {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>("designer");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: { name: string; email: string; password: string; role: Role }) =>
      apiFetch("/api/v1/users", { method: "POST", body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: usersKey });
      setOpen(false);
      toast.success("User created");
    },
    onError: (e) => setError(e.message),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    create.mutate({
      name: String(f.get("new-name") ?? ""),
      email: String(f.get("new-email") ?? ""),
      password: String(f.get("new-password") ?? ""),
      role,
    });
  }
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus className="size-4" aria-hidden />
          Add user
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Add user</DialogTitle>
            <DialogDescription>Share the password with them; they sign in with their email.</DialogDescription>
          </DialogHeader>
          {error && <FormError>{error}</FormError>}
          <Field id="new-name" label="Name" required />
          <Field id="new-email" label="Email" type="email" required />
          <Field id="new-password" label="Initial password" type="password" autoComplete="new-password" required />
          <div className="grid gap-1.5">
            <Label htmlFor="new-role">Role</Label>
            <RoleSelect id="new-role" label="Role" value={role} onChange={setRole} />
            <p className="text-xs text-muted-foreground">{roleDescriptions[role]}</p>
          </div>
          <DialogFooter>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Adding…" : "Add user"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function UsersPanel({ currentUserId }: { currentUserId: string }) {
  const qc = useQueryClient();
  const { data, isPending, error } = useQuery({
    queryKey: usersKey,
    queryFn: () => apiFetch<{ users: PublicUser[] }>("/api/v1/users"),
  });
  const [pending, setPending] = useState<UserChange | null>(null);
  const update = useMutation({
    mutationFn: (change: UserChange) =>
      apiFetch(`/api/v1/users/${change.user.id}`, {
        method: "PATCH",
        body: "role" in change ? { role: change.role } : { disabled: change.disabled },
      }),
    onSuccess: async (_, change) => {
      await qc.invalidateQueries({ queryKey: usersKey });
      setPending(null);
      toast.success(describeUserChange(change).done);
    },
    onError: (e, change) => toast.error(`Could not change ${change.user.name}: ${e.message}`),
  });
  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-4">
        <div className="grid gap-1">
          <CardTitle>
            <h2>Users and roles</h2>
          </CardTitle>
          <CardDescription>Admins manage users. Roles decide what each person may see and do.</CardDescription>
        </div>
        <CreateUserDialog />
      </CardHeader>
      <CardContent>
        {isPending ? (
          <p role="status" className="text-sm text-muted-foreground">
            Loading users…
          </p>
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Email</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Active</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.users.map((u) => (
                <TableRow key={u.id}>
                  <TableCell className="font-medium">
                    {u.name}
                    {u.id === currentUserId && <span className="ml-2 text-xs text-muted-foreground">(you)</span>}
                  </TableCell>
                  <TableCell>{u.email}</TableCell>
                  <TableCell>
                    <RoleSelect
                      id={`role-${u.id}`}
                      label={`Role of ${u.email}`}
                      value={u.role}
                      onChange={(role) => role !== u.role && setPending({ user: u, role })}
                    />
                  </TableCell>
                  <TableCell>
                    <Switch
                      aria-label={`${u.email} is active`}
                      checked={!u.disabled}
                      disabled={u.id === currentUserId}
                      onCheckedChange={(active) => setPending({ user: u, disabled: !active })}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <UserChangeDialog
          change={pending}
          pending={update.isPending}
          onConfirm={(c) => update.mutate(c)}
          onCancel={() => setPending(null)}
        />
      </CardContent>
    </Card>
  );
}
