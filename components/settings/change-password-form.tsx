"use client";
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/auth/field";
import { apiFetch } from "@/lib/queries/api-fetch";
import { FormError } from "@/components/ui/form-error";

/** Change your own password: the current one is required; your other sessions are signed out. */
export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => apiFetch("/api/v1/account/password", { method: "POST", body }),
    onSuccess: () => setDone(true),
    onError: (e) => setError(e.message),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(null);
    setDone(false);
    const next = String(f.get("new-password") ?? "");
    if (next.length < 8) return setError("The new password must be at least 8 characters.");
    if (next !== String(f.get("confirm-password") ?? "")) return setError("The new passwords do not match.");
    change.mutate({ currentPassword: String(f.get("current-password") ?? ""), newPassword: next }, { onSuccess: () => form.reset() });
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Password</h2>
        </CardTitle>
        <CardDescription>Changing it signs you out everywhere else; this browser stays signed in.</CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={onSubmit} className="grid max-w-md gap-4" noValidate>
          {error && <FormError>{error}</FormError>}
          {done && (
            <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
              Password changed. Your other sessions were signed out.
            </p>
          )}
          <Field id="current-password" label="Current password" type="password" autoComplete="current-password" required />
          <Field id="new-password" label="New password" type="password" autoComplete="new-password" required minLength={8} />
          <Field id="confirm-password" label="Confirm new password" type="password" autoComplete="new-password" required />
          <div>
            <Button type="submit" disabled={change.isPending}>
              {change.isPending ? "Changing…" : "Change password"}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
