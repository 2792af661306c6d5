"use client";
// A labelled text input with optional help text the input is described by: the field every Settings
// form repeats.
import type { ComponentProps, ReactNode } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export function FormField({
  id,
  label,
  help,
  children,
  ...input
}: { id: string; label: string; help?: ReactNode; children?: ReactNode } & Omit<ComponentProps<typeof Input>, "id" | "name">) {
  const helpId = help ? `${id}-help` : undefined;
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} name={id} aria-describedby={helpId} {...input} />
      {help && (
        <p id={helpId} className="text-xs text-muted-foreground">
          {help}
        </p>
      )}
      {children}
    </div>
  );
}
