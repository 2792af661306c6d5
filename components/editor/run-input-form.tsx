"use client";
// The run input, as a form generated from the start node's input JSON Schema (strings, numbers,
// booleans, enums; objects and arrays as JSON), or as raw JSON.
import { useId } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import type { JsonSchema } from "@/lib/model/json-schema";
import { nativeSelectClass } from "./inspector/field-parts";

type Raw = Record<string, string | boolean>;

function typeOf(schema: JsonSchema): string {
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== "null") : schema.type;
  if (t) return t;
  if (Array.isArray(schema.enum)) return "string";
  return "json";
}

function isSimple(schema: JsonSchema | undefined): schema is JsonSchema & { properties: Record<string, JsonSchema> } {
  return !!schema && typeof schema.properties === "object" && Object.keys(schema.properties).length > 0;
}

export interface RunInputState {
  mode: "form" | "json";
  raw: Raw;
  json: string;
}

export function initialRunInput(schema: JsonSchema | undefined): RunInputState {
  const raw: Raw = {};
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
    const t = typeOf(prop);
    if (prop.default !== undefined)
      raw[key] = t === "boolean" ? prop.default === true : typeof prop.default === "string" ? prop.default : JSON.stringify(prop.default);
    else raw[key] = t === "boolean" ? false : "";
  }
  return { mode: isSimple(schema) ? "form" : "json", raw, json: "{}" };
}

/** Build the input object; field errors keyed by property name. */
export function buildRunInput(schema: JsonSchema | undefined, state: RunInputState): { input?: unknown; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  if (state.mode === "json") {
    try {
      return { input: JSON.parse(state.json || "{}") as unknown, errors };
    } catch (e) {
      return { errors: { $json: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` } };
    }
  }
  const input: Record<string, unknown> = {};
  const required = new Set(schema?.required ?? []);
  for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
    const t = typeOf(prop);
    const value = state.raw[key];
    if (t === "boolean") {
      input[key] = value === true;
      continue;
    }
    const text = typeof value === "string" ? value : "";
    if (text.trim() === "") {
      if (required.has(key)) errors[key] = "Required";
      continue;
    }
    if (t === "number" || t === "integer") {
      const n = Number(text);
      if (!Number.isFinite(n) || (t === "integer" && !Number.isInteger(n)))
        errors[key] = t === "integer" ? "Enter a whole number" : "Enter a number";
      else input[key] = n;
    } else if (t === "string") {
      input[key] = text;
    } else {
      try {
        input[key] = JSON.parse(text) as unknown;
      } catch {
        errors[key] = "Enter valid JSON";
      }
    }
  }
  return { input, errors };
}

export function RunInputForm({
  schema,
  state,
  onChange,
  errors,
}: {
  schema: JsonSchema | undefined;
  state: RunInputState;
  onChange: (s: RunInputState) => void;
  errors: Record<string, string>;
}) {
  const toggleId = useId();
  const simple = isSimple(schema);
  const required = new Set(schema?.required ?? []);
  return (
    <div className="grid gap-4">
      {simple && (
        <div className="flex items-center gap-2">
          <Checkbox
            id={toggleId}
            checked={state.mode === "json"}
            onCheckedChange={(c) => {
              if (c === true) {
                const built = buildRunInput(schema, { ...state, mode: "form" });
                onChange({ ...state, mode: "json", json: JSON.stringify(built.input ?? {}, null, 2) });
              } else onChange({ ...state, mode: "form" });
            }}
          />
          <Label htmlFor={toggleId} className="text-xs font-normal">
            Edit as JSON
          </Label>
        </div>
      )}
      {state.mode === "json" ? (
        <div className="grid gap-1.5">
          <Label htmlFor="run-input-json">Input (JSON)</Label>
          <Textarea
            id="run-input-json"
            className="min-h-32 font-mono text-xs"
            value={state.json}
            onChange={(e) => onChange({ ...state, json: e.target.value })}
            aria-invalid={errors.$json ? true : undefined}
          />
          {errors.$json && <p className="text-xs text-destructive">{errors.$json}</p>}
        </div>
      ) : (
        Object.entries(schema?.properties ?? {}).map(([key, prop]) => {
          const id = `run-input-${key}`;
          const t = typeOf(prop);
          const value = state.raw[key];
          const set = (v: string | boolean) => onChange({ ...state, raw: { ...state.raw, [key]: v } });
          const label = (
            <Label htmlFor={id}>
              {key}
              {required.has(key) && (
                <span aria-hidden className="text-muted-foreground">
                  *
                </span>
              )}
            </Label>
          );
          let control;
          if (t === "boolean") {
            return (
              <div key={key} className="flex items-center gap-2">
                <Checkbox id={id} checked={value === true} onCheckedChange={(c) => set(c === true)} />
                {label}
              </div>
            );
          } else if (Array.isArray(prop.enum)) {
            control = (
              <select id={id} className={nativeSelectClass} value={String(value ?? "")} onChange={(e) => set(e.target.value)}>
                <option value="">—</option>
                {(prop.enum as unknown[]).map((o) => (
                  <option key={String(o)} value={String(o)}>
                    {String(o)}
                  </option>
                ))}
              </select>
            );
          } else if (t === "string" || t === "number" || t === "integer") {
            control = (
              <Input
                id={id}
                className="h-8"
                inputMode={t === "string" ? undefined : "decimal"}
                value={String(value ?? "")}
                onChange={(e) => set(e.target.value)}
                aria-invalid={errors[key] ? true : undefined}
              />
            );
          } else {
            control = (
              <Textarea
                id={id}
                className="font-mono text-xs"
                value={String(value ?? "")}
                onChange={(e) => set(e.target.value)}
                placeholder="JSON"
              />
            );
          }
          return (
            <div key={key} className="grid gap-1.5">
              {label}
              {control}
              {prop.description && <p className="text-[11px] text-muted-foreground">{prop.description}</p>}
              {errors[key] && <p className="text-xs text-destructive">{errors[key]}</p>}
            </div>
          );
        })
      )}
    </div>
  );
}
