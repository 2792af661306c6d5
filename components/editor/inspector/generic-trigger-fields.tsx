"use client";
// A minimal form for a trigger kind that has no dedicated form yet: one control per field of its zod
// schema (text, number, switch, select, JSON), so the panel never shows a blank trigger.
import type { z } from "zod";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { FieldRow, JsonInput, NumberInput, nativeSelectClass } from "./field-parts";
import { enumOptions, kindOf, objectShape, unwrap } from "./schema-introspect";
import type { TriggerFormProps } from "./trigger-form-types";

const HIDDEN = new Set(["kind", "id"]);
const label = (key: string) => key.replace(/([A-Z])/g, " $1").replace(/^./, (c) => c.toUpperCase());

export function GenericTriggerFields<T extends Record<string, unknown>>({
  schema,
  trigger,
  onChange,
  idPrefix,
}: TriggerFormProps<T> & { schema: z.ZodType }) {
  const shape = objectShape(schema) ?? {};
  const set = (key: string, v: unknown) => {
    const next: Record<string, unknown> = { ...trigger };
    if (v === undefined || v === "") delete next[key];
    else next[key] = v;
    onChange(next as T);
  };
  return (
    <div className="grid gap-3">
      {Object.entries(shape)
        .filter(([key]) => !HIDDEN.has(key))
        .map(([key, s]) => {
          const id = `${idPrefix}-${key}`;
          const value = trigger[key];
          const kind = kindOf(s);
          const options = enumOptions(s);
          if (kind === "boolean") {
            return (
              <FieldRow key={key} id={id} label={label(key)} inline>
                <Switch id={id} checked={value !== false} onCheckedChange={(c) => set(key, c)} />
              </FieldRow>
            );
          }
          return (
            <FieldRow key={key} id={id} label={label(key)} required={!unwrap(s).optional}>
              {options.length > 0 ? (
                <select id={id} className={nativeSelectClass} value={String(value ?? "")} onChange={(e) => set(key, e.target.value)}>
                  {options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : kind === "number" ? (
                <NumberInput id={id} value={typeof value === "number" ? value : undefined} onChange={(v) => set(key, v)} />
              ) : kind === "string" ? (
                <Input id={id} className="h-8" value={typeof value === "string" ? value : ""} onChange={(e) => set(key, e.target.value)} />
              ) : (
                <JsonInput id={id} value={value} onChange={(v) => set(key, v)} />
              )}
            </FieldRow>
          );
        })}
    </div>
  );
}
