"use client";
// Approval assignees: people and roles who can decide. Offered are only the roles with the decide
// permission and enabled users who hold one (the design environment, ./use-deciders). Assignees already in the
// config who cannot decide (a viewer role, a disabled or unknown user) stay listed, marked, with a
// Remove button: opening a node never changes it, and validation warns about them.
import { useState } from "react";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Combobox } from "./combobox";
import type { PickerProps } from "./reference-select";
import { useDeciders } from "./use-deciders";

interface Assignees {
  users: string[];
  roles: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function AssigneePicker({ id, value, onChange, invalid }: PickerProps<Assignees>) {
  const { known, users, decidingRoles: deciding, deciderOptions, note } = useDeciders();
  const obj = typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const current: Assignees = { users: strings(obj.users), roles: strings(obj.roles) };
  const roleChoices = [...deciding, ...current.roles.filter((r) => !deciding.includes(r))];
  const [query, setQuery] = useState("");
  const offered = deciderOptions.filter((o) => !current.users.includes(o.value));

  return (
    <div className="grid gap-3" id={id} role="group" aria-label="Assignees" data-invalid={invalid ? true : undefined}>
      <fieldset className="grid gap-1.5">
        <legend className="mb-1 text-[11px] text-muted-foreground">Roles (everyone holding it)</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1.5">
          {roleChoices.map((role) => {
            const rid = `${id}-role-${role}`;
            const cannot = !deciding.includes(role);
            return (
              <div key={role} className="flex items-center gap-1.5">
                <Checkbox
                  id={rid}
                  checked={current.roles.includes(role)}
                  onCheckedChange={(c) =>
                    onChange({ ...current, roles: c === true ? [...current.roles, role] : current.roles.filter((r) => r !== role) })
                  }
                />
                <Label htmlFor={rid} className={cannot ? "text-xs font-normal text-destructive" : "text-xs font-normal"}>
                  {role}
                  {cannot ? " (cannot decide)" : ""}
                </Label>
              </div>
            );
          })}
        </div>
      </fieldset>
      <div className="grid gap-1.5">
        <Label htmlFor={`${id}-people`} className="text-[11px] font-normal text-muted-foreground">
          People
        </Label>
        {current.users.length > 0 && (
          <ul className="flex flex-wrap gap-1.5" aria-label="Assigned people">
            {current.users.map((uid) => {
              const u = users.find((x) => x.id === uid);
              const userNote = note({ type: "user", id: uid });
              return (
                <li
                  key={uid}
                  className={
                    userNote
                      ? "inline-flex items-center gap-1 rounded-full border border-destructive/40 bg-destructive/5 py-0.5 pr-0.5 pl-2 text-xs text-destructive"
                      : "inline-flex items-center gap-1 rounded-full border bg-muted/40 py-0.5 pr-0.5 pl-2 text-xs"
                  }
                >
                  <span>
                    {u?.name ?? uid}
                    {userNote ? ` (${userNote})` : ""}
                  </span>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-5 rounded-full"
                    aria-label={`Remove ${u?.name ?? uid}`}
                    onClick={() => onChange({ ...current, users: current.users.filter((x) => x !== uid) })}
                  >
                    <X className="size-3" />
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        <Combobox
          id={`${id}-people`}
          text={query}
          onTextChange={setQuery}
          options={offered}
          onPick={(o) => {
            onChange({ ...current, users: [...current.users, o.value] });
            setQuery("");
          }}
          placeholder={known ? "Add a person who can decide…" : "People list not available"}
          emptyText={users.length ? "No one else who can decide matches" : "No users"}
        />
      </div>
    </div>
  );
}
