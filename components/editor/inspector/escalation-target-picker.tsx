"use client";
// Who an approval escalates to: one role or one person, picked from those who can decide (the
// same offer as the Assignees picker, ./use-deciders). A target already in the config who cannot
// decide stays shown, marked, so opening a node never changes it; validation warns about it.
import { useState } from "react";
import type { AssigneeRef } from "@/lib/model/deciders";
import { Combobox, type ComboOption } from "./combobox";
import type { PickerProps } from "./reference-select";
import { useDeciders } from "./use-deciders";

const asRef = (v: unknown): AssigneeRef | null => {
  const o = typeof v === "object" && v !== null ? (v as Record<string, unknown>) : {};
  return (o.type === "user" || o.type === "role") && typeof o.id === "string" && o.id ? { type: o.type, id: o.id } : null;
};
const optionValue = (ref: AssigneeRef) => `${ref.type}:${ref.id}`;

export function EscalationTargetPicker({ id, value, onChange, invalid, describedBy }: PickerProps<AssigneeRef> & { describedBy?: string }) {
  const { known, users, decidingRoles, deciderOptions, note } = useDeciders();
  const [typed, setTyped] = useState<string | null>(null);
  const current = asRef(value);
  const options: ComboOption[] = [
    ...decidingRoles.map((role) => ({ value: `role:${role}`, label: `Role: ${role}`, detail: "Everyone holding it" })),
    ...deciderOptions.map((o) => ({ ...o, value: `user:${o.value}` })),
  ].filter((o) => !current || o.value !== optionValue(current));
  const currentLabel = !current
    ? ""
    : current.type === "role"
      ? `Role: ${current.id}`
      : (users.find((u) => u.id === current.id)?.name ?? current.id);
  const problem = current ? note(current) : null;
  const noteId = `${id}-note`;
  return (
    <div className="grid gap-1.5" onBlur={() => setTyped(null)}>
      <Combobox
        id={id}
        text={typed ?? currentLabel}
        onTextChange={setTyped}
        options={options}
        onPick={(o) => {
          const [type, ...rest] = o.value.split(":");
          onChange({ type: type === "role" ? "role" : "user", id: rest.join(":") });
          setTyped(null);
        }}
        placeholder={known ? "A role or person who can decide…" : "People list not available"}
        invalid={invalid || !!problem}
        describedBy={[problem ? noteId : null, describedBy].filter(Boolean).join(" ") || undefined}
        emptyText="No one else who can decide matches"
      />
      {problem && (
        <p id={noteId} className="text-xs text-destructive">
          {currentLabel} ({problem})
        </p>
      )}
    </div>
  );
}
