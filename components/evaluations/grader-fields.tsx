"use client";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { nativeSelectClass } from "@/components/editor/inspector/field-parts";

/** A grader as the form edits it: every field as text; the dialog turns it into the API's grader. */
export interface GraderDraft {
  key: string;
  kind: "exact" | "contains" | "numeric" | "json_schema" | "jsonata" | "llm_judge";
  field: string;
  tolerance: string;
  expression: string;
  schema: string;
  providerId: string;
  rubric: string;
}

export const graderLabels: Record<GraderDraft["kind"], string> = {
  exact: "Exact match with expected",
  contains: "Contains expected",
  numeric: "Number within tolerance",
  json_schema: "Matches a JSON schema",
  jsonata: "JSONata assertion",
  llm_judge: "LLM judge with a rubric",
};

export function newGrader(kind: GraderDraft["kind"] = "exact"): GraderDraft {
  return { key: crypto.randomUUID(), kind, field: "", tolerance: "0", expression: "", schema: "", providerId: "", rubric: "" };
}

/** The API's grader, or why this one is not complete. */
export function toGrader(g: GraderDraft): { ok: true; grader: Record<string, unknown> } | { ok: false; error: string } {
  switch (g.kind) {
    case "exact":
    case "contains":
      return { ok: true, grader: { kind: g.kind, field: g.field.trim() } };
    case "numeric": {
      const t = Number(g.tolerance);
      return g.tolerance.trim() === "" || !Number.isFinite(t) || t < 0
        ? { ok: false, error: "Tolerance is a number ≥ 0" }
        : { ok: true, grader: { kind: g.kind, field: g.field.trim(), tolerance: t } };
    }
    case "json_schema": {
      if (!g.schema.trim()) return { ok: true, grader: { kind: g.kind, field: g.field.trim(), schema: null } };
      try {
        return { ok: true, grader: { kind: g.kind, field: g.field.trim(), schema: JSON.parse(g.schema) as unknown } };
      } catch {
        return { ok: false, error: "The JSON schema is not valid JSON" };
      }
    }
    case "jsonata":
      return g.expression.trim()
        ? { ok: true, grader: { kind: g.kind, expression: g.expression } }
        : { ok: false, error: "Write the assertion" };
    case "llm_judge":
      return g.providerId && g.rubric.trim()
        ? { ok: true, grader: { kind: g.kind, providerId: g.providerId, rubric: g.rubric } }
        : { ok: false, error: "Pick a provider and write the rubric" };
  }
}

export function GraderFields({
  g,
  n,
  providers,
  onChange,
  onRemove,
}: {
  g: GraderDraft;
  n: number;
  providers: { id: string; name: string }[];
  onChange: (g: GraderDraft) => void;
  onRemove?: () => void;
}) {
  const id = `grader-${n}`;
  const hasField = g.kind === "exact" || g.kind === "contains" || g.kind === "numeric" || g.kind === "json_schema";
  return (
    <fieldset className="grid gap-2 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">Grader {n + 1}</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        <div className="grid gap-1">
          <Label htmlFor={`${id}-kind`}>Kind</Label>
          <select
            id={`${id}-kind`}
            className={nativeSelectClass}
            value={g.kind}
            onChange={(e) => onChange({ ...g, kind: e.target.value as GraderDraft["kind"] })}
          >
            {Object.entries(graderLabels).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </div>
        {hasField && (
          <div className="grid gap-1">
            <Label htmlFor={`${id}-field`}>Output field (blank: the whole output)</Label>
            <Input id={`${id}-field`} placeholder="e.g. sum" value={g.field} onChange={(e) => onChange({ ...g, field: e.target.value })} />
          </div>
        )}
        {g.kind === "numeric" && (
          <div className="grid gap-1">
            <Label htmlFor={`${id}-tolerance`}>Tolerance</Label>
            <Input
              id={`${id}-tolerance`}
              inputMode="decimal"
              value={g.tolerance}
              onChange={(e) => onChange({ ...g, tolerance: e.target.value })}
            />
          </div>
        )}
        {g.kind === "llm_judge" && (
          <div className="grid gap-1">
            <Label htmlFor={`${id}-provider`}>Judge model provider</Label>
            <select
              id={`${id}-provider`}
              className={nativeSelectClass}
              value={g.providerId}
              onChange={(e) => onChange({ ...g, providerId: e.target.value })}
            >
              <option value="">Pick a provider</option>
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {g.kind === "jsonata" && (
        <div className="grid gap-1">
          <Label htmlFor={`${id}-expression`}>Assertion ($.input, $.output, $.expected; passes when true)</Label>
          <Input
            id={`${id}-expression`}
            className="font-mono"
            placeholder="$.output.total = $.expected.total"
            value={g.expression}
            onChange={(e) => onChange({ ...g, expression: e.target.value })}
          />
        </div>
      )}
      {g.kind === "json_schema" && (
        <div className="grid gap-1">
          <Label htmlFor={`${id}-schema`}>JSON schema (blank: each row&apos;s expected value is the schema)</Label>
          <Textarea
            id={`${id}-schema`}
            rows={3}
            className="font-mono text-xs"
            value={g.schema}
            onChange={(e) => onChange({ ...g, schema: e.target.value })}
          />
        </div>
      )}
      {g.kind === "llm_judge" && (
        <div className="grid gap-1">
          <Label htmlFor={`${id}-rubric`}>Rubric</Label>
          <Textarea id={`${id}-rubric`} rows={3} value={g.rubric} onChange={(e) => onChange({ ...g, rubric: e.target.value })} />
        </div>
      )}
      {onRemove && (
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="min-h-11 justify-self-end"
          onClick={onRemove}
          aria-label={`Remove grader ${n + 1}`}
        >
          <Trash2 aria-hidden /> Remove
        </Button>
      )}
    </fieldset>
  );
}
