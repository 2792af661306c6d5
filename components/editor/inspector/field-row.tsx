"use client";
// Label, help and problem message around one inspector control.
import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

/** Label, help text, control and problem message for one field. */
export function FieldRow({
  id,
  label,
  help,
  problem,
  required,
  children,
  inline = false,
}: {
  id: string;
  label: string;
  help?: string;
  problem?: string;
  required?: boolean;
  children: ReactNode;
  inline?: boolean;
}) {
  return (
    <div className="grid grid-cols-1 gap-1.5" data-slot="inspector-field">
      <div className={cn("flex items-center gap-2", inline && "justify-between")}>
        <Label htmlFor={id} className="text-xs font-medium">
          {label}
          {required && (
            <span className="text-muted-foreground" aria-hidden>
              *
            </span>
          )}
        </Label>
        {inline && children}
      </div>
      {!inline && children}
      {help && (
        <p id={`${id}-help`} className="text-[11px] leading-snug text-muted-foreground">
          {help}
        </p>
      )}
      {problem && (
        <p className="text-xs text-destructive" data-slot="field-error">
          {problem}
        </p>
      )}
    </div>
  );
}
