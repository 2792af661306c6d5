"use client";
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth/auth-client";
import { Field } from "./field";

type FieldErrors = Partial<Record<"name" | "email" | "password" | "confirm", string>>;

export function SetupForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get("name") ?? "");
    const email = String(f.get("email") ?? "");
    const password = String(f.get("password") ?? "");
    const confirm = String(f.get("confirm") ?? "");
    const next: FieldErrors = {};
    if (!name.trim()) next.name = "Name is required.";
    if (!/^\S+@\S+\.\S+$/.test(email)) next.email = "Enter a valid email address.";
    if (password.length < 8) next.password = "Password must be at least 8 characters.";
    if (confirm !== password) next.confirm = "Passwords do not match.";
    setErrors(next);
    if (Object.keys(next).length) return;
    setPending(true);
    setFormError(null);
    const res = await fetch("/api/setup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, email, password }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      setFormError(body?.error?.message ?? "Setup failed. Try again.");
      setPending(false);
      return;
    }
    const { error } = await authClient.signIn.email({ email, password });
    setPending(false);
    if (error) {
      router.replace("/sign-in");
      return;
    }
    router.replace("/workflows");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      {formError && (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      )}
      <Field id="name" label="Your name" autoComplete="name" required error={errors.name} autoFocus />
      <Field id="email" label="Email" type="email" autoComplete="email" required error={errors.email} />
      <Field id="password" label="Password" type="password" autoComplete="new-password" required error={errors.password} />
      <Field id="confirm" label="Confirm password" type="password" autoComplete="new-password" required error={errors.confirm} />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating admin…" : "Create admin account"}
      </Button>
    </form>
  );
}
