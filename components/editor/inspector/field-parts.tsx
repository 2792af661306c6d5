"use client";
// Small form controls shared by the generated config forms and the node settings.
import { useState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";

export const nativeSelectClass =
  "h-8 w-full rounded-md border border-input bg-transparent px-2 text-sm shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 dark:bg-input/30 [&>option]:bg-popover";

// FieldRow lives in its own module so the inspector shell can use it without these controls.
export { FieldRow } from "./field-row";

export function NumberInput({
  id,
  value,
  onChange,
  min,
  max,
  step,
  placeholder,
  invalid,
}: {
  id: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  placeholder?: string;
  invalid?: boolean;
}) {
  return (
    <Input
      id={id}
      type="number"
      inputMode="decimal"
      className="h-8"
      value={value === undefined || Number.isNaN(value) ? "" : value}
      min={min}
      max={max}
      step={step}
      placeholder={placeholder}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.valueAsNumber)}
    />
  );
}

export function CheckboxGroup({
  id,
  options,
  value,
  onChange,
}: {
  id: string;
  options: string[];
  value: string[];
  onChange: (v: string[]) => void;
}) {
  return (
    <div role="group" aria-labelledby={`${id}-label`} className="flex flex-wrap gap-x-4 gap-y-1.5">
      {options.map((option) => {
        const checked = value.includes(option);
        const optionId = `${id}-${option}`;
        return (
          <div key={option} className="flex items-center gap-1.5">
            <Checkbox
              id={optionId}
              checked={checked}
              onCheckedChange={(c) => onChange(c === true ? [...value, option] : value.filter((v) => v !== option))}
            />
            <Label htmlFor={optionId} className="text-xs font-normal">
              {option.replace(/_/g, " ")}
            </Label>
          </div>
        );
      })}
    </div>
  );
}

/** A list of strings typed as comma-separated text. */
export function TagsInput({
  id,
  value,
  onChange,
  placeholder,
}: {
  id: string;
  value: string[];
  onChange: (v: string[]) => void;
  placeholder?: string;
}) {
  const [text, setText] = useState(value.join(", "));
  const [source, setSource] = useState(value);
  if (source !== value && source.join(",") !== value.join(",")) {
    setSource(value);
    setText(value.join(", "));
  }
  return (
    <Input
      id={id}
      className="h-8"
      value={text}
      placeholder={placeholder ?? "Comma-separated"}
      onChange={(e) => {
        setText(e.target.value);
        const next = e.target.value
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
        setSource(next);
        onChange(next);
      }}
    />
  );
}

const UNITS = [
  { label: "ms", ms: 1 },
  { label: "sec", ms: 1000 },
  { label: "min", ms: 60_000 },
  { label: "hours", ms: 3_600_000 },
  { label: "days", ms: 86_400_000 },
] as const;

function bestUnit(ms: number | undefined): number {
  if (!ms) return 1000;
  for (let i = UNITS.length - 1; i >= 0; i--) if (ms % UNITS[i].ms === 0) return UNITS[i].ms;
  return 1;
}

/** A duration stored in milliseconds, edited as a number and a unit. */
export function DurationInput({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  invalid?: boolean;
}) {
  const [unit, setUnit] = useState(() => bestUnit(value));
  const shown = value === undefined ? undefined : value / unit;
  return (
    <div className="flex gap-1.5">
      <NumberInput
        id={id}
        value={shown}
        min={0}
        invalid={invalid}
        onChange={(n) => onChange(n === undefined ? undefined : Math.round(n * unit))}
      />
      <select
        aria-label="Unit"
        className={cn(nativeSelectClass, "w-24")}
        value={unit}
        onChange={(e) => {
          const next = Number(e.target.value);
          setUnit(next);
          if (shown !== undefined) onChange(Math.round(shown * next));
        }}
      >
        {UNITS.map((u) => (
          <option key={u.label} value={u.ms}>
            {u.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Pretty-printed JSON edited as text; only valid JSON reaches `onChange`. */
export function JsonInput({
  id,
  value,
  onChange,
  rows = 8,
}: {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
  rows?: number;
}) {
  const format = (v: unknown) => (v === undefined ? "" : JSON.stringify(v, null, 2));
  const [text, setText] = useState(() => format(value));
  const [source, setSource] = useState(value);
  const [error, setError] = useState<string | null>(null);
  if (source !== value) {
    setSource(value);
    let same = false;
    try {
      same = text.trim() !== "" && JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
    } catch {
      same = false;
    }
    if (!same) {
      setText(format(value));
      setError(null);
    }
  }
  return (
    <div className="grid gap-1">
      <textarea
        id={id}
        rows={rows}
        spellCheck={false}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() === "") {
            setError(null);
            setSource(undefined);
            onChange(undefined);
            return;
          }
          try {
            const parsed = JSON.parse(e.target.value) as unknown;
            setError(null);
            setSource(parsed);
            onChange(parsed);
          } catch (err) {
            setError(err instanceof Error ? err.message : "Invalid JSON");
          }
        }}
        className="w-full resize-y rounded-md border border-input bg-transparent px-2.5 py-1.5 font-mono text-xs leading-relaxed shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive dark:bg-input/30"
      />
      {error && (
        <p className="text-xs text-destructive" data-slot="field-error">
          Invalid JSON: {error}
        </p>
      )}
    </div>
  );
}
