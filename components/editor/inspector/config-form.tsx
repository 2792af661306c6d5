"use client";
// A form generated from a node kind's config schema and the UI metadata on each field
// (`field()` in lib/model/field-meta). Nested groups and repeatable lists recurse into their
// element schemas; expression and template fields get syntax checking and autocomplete.
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Switch } from "@/components/ui/switch";
import { Textarea } from "@/components/ui/textarea";
import { listConfigFields, offeredFields, type ConfigFieldDescriptor } from "@/lib/model/field-meta";
import type { ScopeKey } from "@/lib/model/scope-keys";
import { McpServerSelect } from "./mcp-server-select";
import { CredentialSelect } from "./credential-select";
import { ExpressionInput } from "./expression-input";
import { SchemaBuilder } from "./schema-builder";
import { AssigneePicker } from "./assignee-picker";
import { EscalationTargetPicker } from "./escalation-target-picker";
import { ModelPicker, ProviderSelect } from "./model-pickers";
import { WorkflowSelect } from "./workflow-select";
import { CheckboxGroup, DurationInput, FieldRow, JsonInput, NumberInput, TagsInput, nativeSelectClass } from "./field-parts";
import { arrayElement, enumOptions, initialValue, kindOf, objectShape, singular, unwrap } from "./schema-introspect";

export interface FieldContext {
  /** DOM id prefix, unique per node. */
  idPrefix: string;
  scopeKeys: readonly ScopeKey[];
  /** The validation message for a path relative to the node ("config.url"), if any. */
  problemAt: (path: string) => string | undefined;
}

type Record_ = Record<string, unknown>;

const asRecord = (v: unknown): Record_ => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record_) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asString = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v));
const asNumber = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const domId = (prefix: string, path: string) => `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** Set `key` in an object; `undefined` removes it (optional fields that were cleared). */
export function withKey(obj: Record_, key: string, value: unknown): Record_ {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

export function ConfigForm({
  schema,
  value,
  onChange,
  path,
  ctx,
}: {
  schema: z.ZodType;
  value: Record_;
  onChange: (next: Record_, changedPath: string) => void;
  /** Path of this object relative to the node, e.g. "config" or "config.branches[0]". */
  path: string;
  ctx: FieldContext;
}) {
  // Fields that do nothing for this object (an HTTP tool's URL on a memory tool) are not offered.
  const fields = offeredFields(listConfigFields(unwrap(schema).inner), value);
  return (
    <div className="grid grid-cols-1 gap-4">
      {fields.map((field) => (
        <SchemaField
          key={field.key}
          field={field}
          siblings={value}
          path={`${path}.${field.key}`}
          value={value[field.key]}
          onChange={(v) => onChange(withKey(value, field.key, v), `${path}.${field.key}`)}
          ctx={ctx}
        />
      ))}
    </div>
  );
}

function SchemaField({
  field,
  siblings,
  path,
  value,
  onChange,
  ctx,
}: {
  field: ConfigFieldDescriptor;
  /** The object this field is in (the model picker reads its provider). */
  siblings: Record_;
  path: string;
  value: unknown;
  onChange: (v: unknown) => void;
  ctx: FieldContext;
}) {
  const id = domId(ctx.idPrefix, path);
  const problem = ctx.problemAt(path);
  const { optional } = unwrap(field.schema);
  const row = (control: React.ReactNode, opts: { inline?: boolean; showProblem?: boolean } = {}) => (
    <FieldRow
      id={id}
      label={field.label}
      help={field.help}
      required={field.required}
      problem={opts.showProblem === false ? undefined : problem}
      inline={opts.inline}
    >
      {control}
    </FieldRow>
  );
  const emptyToUndefined = (s: string) => (optional && s === "" ? undefined : s);

  switch (field.widget) {
    case "triggers":
      // Edited by the Start node's trigger panel, not by the generic form.
      return null;
    case "text":
      return row(
        <Input
          id={id}
          className="h-8"
          value={asString(value)}
          placeholder={field.placeholder}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => onChange(emptyToUndefined(e.target.value))}
        />,
      );
    case "textarea":
      return row(
        <Textarea
          id={id}
          value={asString(value)}
          placeholder={field.placeholder}
          onChange={(e) => onChange(emptyToUndefined(e.target.value))}
        />,
      );
    case "credential":
      return row(<CredentialSelect id={id} value={value} invalid={!!problem} onChange={onChange} />);
    case "provider":
      return row(
        <ProviderSelect
          id={id}
          value={value}
          invalid={!!problem}
          describedBy={field.help ? `${id}-help` : undefined}
          onChange={(providerId) => onChange(providerId)}
        />,
      );
    case "model":
      return row(
        <ModelPicker
          id={id}
          value={value}
          providerId={siblings.providerId}
          invalid={!!problem}
          describedBy={field.help ? `${id}-help` : undefined}
          onChange={onChange}
        />,
      );
    case "assignees":
      return (
        <fieldset className="grid min-w-0 grid-cols-1 gap-2 rounded-md border p-3">
          <legend className="px-1 text-xs font-medium">{field.label}</legend>
          {field.help && <p className="-mt-1 text-[11px] text-muted-foreground">{field.help}</p>}
          <AssigneePicker id={id} value={value} invalid={!!problem} onChange={onChange} />
          {problem && (
            <p className="text-xs text-destructive" data-slot="field-error">
              {problem}
            </p>
          )}
        </fieldset>
      );
    case "assignee":
      return row(
        <EscalationTargetPicker
          id={id}
          value={value}
          invalid={!!problem}
          describedBy={field.help ? `${id}-help` : undefined}
          onChange={onChange}
        />,
      );
    case "workflow":
      return row(<WorkflowSelect id={id} value={value} invalid={!!problem} onChange={onChange} />);
    case "mcpServer":
      return row(<McpServerSelect id={id} value={value} invalid={!!problem} onChange={onChange} />);
    case "number":
      return row(<NumberInput id={id} value={asNumber(value)} placeholder={field.placeholder} invalid={!!problem} onChange={onChange} />);
    case "duration":
      return row(<DurationInput id={id} value={asNumber(value)} invalid={!!problem} onChange={onChange} />);
    case "switch":
      return row(<Switch id={id} checked={value === true} onCheckedChange={(c) => onChange(c)} />, { inline: true });
    case "expression":
    case "template":
      return row(
        <ExpressionInput
          id={id}
          mode={field.widget}
          value={asString(value)}
          onChange={(v) => onChange(emptyToUndefined(v))}
          scopeKeys={ctx.scopeKeys}
          placeholder={field.placeholder}
          problem={problem}
          describedBy={field.help ? `${id}-help` : undefined}
        />,
        { showProblem: false },
      );
    case "select":
      return row(<SelectControl id={id} schema={field.schema} value={value} onChange={onChange} />);
    case "jsonSchema":
      return row(
        <SchemaBuilder
          id={id}
          label={field.label}
          value={value}
          onChange={onChange}
          root={kindOf(field.schema) === "object" ? "object" : "any"}
          emptyValue={unwrap(field.schema).nullable ? null : undefined}
          // x-personal masks run input fields; elsewhere it means nothing.
          personal={path === "config.inputSchema"}
          describedBy={field.help ? `${id}-help` : undefined}
        />,
      );
    case "group": {
      const shape = objectShape(field.schema);
      if (!shape) return row(<JsonInput id={id} value={value} onChange={onChange} rows={4} />);
      return (
        <fieldset className="grid min-w-0 grid-cols-1 gap-3 rounded-md border p-3">
          <legend className="px-1 text-xs font-medium">{field.label}</legend>
          {field.help && <p className="-mt-1 text-[11px] text-muted-foreground">{field.help}</p>}
          {problem && (
            <p className="text-xs text-destructive" data-slot="field-error">
              {problem}
            </p>
          )}
          <ConfigForm schema={field.schema} value={asRecord(value)} onChange={(next) => onChange(next)} path={path} ctx={ctx} />
        </fieldset>
      );
    }
    case "keyValue":
    case "list":
      return (
        <ListField field={field} path={path} value={asArray(value)} onChange={onChange} ctx={ctx} compact={field.widget === "keyValue"} />
      );
    default:
      return row(<JsonInput id={id} value={value} onChange={onChange} rows={4} />);
  }
}

/** `select` covers an enum, a multi-choice (array of enum), free tags (array of string) or a small object of choices. */
function SelectControl({ id, schema, value, onChange }: { id: string; schema: z.ZodType; value: unknown; onChange: (v: unknown) => void }) {
  const kind = kindOf(schema);
  if (kind === "array") {
    const element = arrayElement(schema)!;
    const options = enumOptions(element);
    const current = asArray(value).map(String);
    return options.length > 0 ? (
      <CheckboxGroup id={id} options={options} value={current} onChange={onChange} />
    ) : (
      <TagsInput id={id} value={current} onChange={onChange} />
    );
  }
  if (kind === "object") {
    const shape = objectShape(schema) ?? {};
    const obj = asRecord(value);
    return (
      <div className="flex gap-1.5" id={id}>
        {Object.entries(shape).map(([key, sub]) => {
          const options = enumOptions(sub);
          return options.length > 0 ? (
            <select
              key={key}
              aria-label={key}
              className={`${nativeSelectClass} w-28`}
              value={asString(obj[key])}
              onChange={(e) => onChange(withKey(obj, key, e.target.value))}
            >
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <Input
              key={key}
              aria-label={key}
              className="h-8"
              placeholder={key}
              value={asString(obj[key])}
              onChange={(e) => onChange(withKey(obj, key, e.target.value))}
            />
          );
        })}
      </div>
    );
  }
  const options = enumOptions(schema);
  const { optional } = unwrap(schema);
  return (
    <select
      id={id}
      className={nativeSelectClass}
      value={asString(value)}
      onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
    >
      {(optional || value === undefined) && <option value="">—</option>}
      {options.map((o) => (
        <option key={o} value={o}>
          {o.replace(/_/g, " ")}
        </option>
      ))}
    </select>
  );
}

/** A fresh list item; an `id` field gets a unique slug and a `label` a numbered name. */
function newItem(element: z.ZodType, existing: unknown[], noun: string): unknown {
  const item = initialValue(element);
  if (typeof item !== "object" || item === null || Array.isArray(item)) return item;
  const rec = item as Record_;
  const shape = objectShape(element) ?? {};
  const n = existing.length + 1;
  if ("id" in shape && kindOf(shape.id) === "string") {
    const taken = new Set(existing.map((e) => asRecord(e).id));
    let i = n;
    while (taken.has(`branch_${i}`)) i++;
    rec.id = `branch_${i}`;
  }
  if ("label" in shape && kindOf(shape.label) === "string") rec.label = `${noun} ${n}`;
  return rec;
}

function ListField({
  field,
  path,
  value,
  onChange,
  ctx,
  compact,
}: {
  field: ConfigFieldDescriptor;
  path: string;
  value: unknown[];
  onChange: (v: unknown) => void;
  ctx: FieldContext;
  compact: boolean;
}) {
  const element = arrayElement(field.schema);
  const problem = ctx.problemAt(path);
  if (!element) return null;
  const noun = singular(field.label);
  const move = (from: number, to: number) => {
    const next = [...value];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    onChange(next);
  };
  return (
    <fieldset className="grid min-w-0 grid-cols-1 gap-2" data-slot="inspector-list">
      <legend className="mb-1.5 text-xs font-medium">{field.label}</legend>
      {field.help && <p className="-mt-1 text-[11px] leading-snug text-muted-foreground">{field.help}</p>}
      {problem && (
        <p className="text-xs text-destructive" data-slot="field-error">
          {problem}
        </p>
      )}
      {value.map((item, i) => (
        <div
          key={i}
          className="grid min-w-0 grid-cols-1 gap-2 rounded-md border bg-muted/30 p-2.5"
          aria-label={`${noun} ${i + 1}`}
          role="group"
        >
          <div className="flex items-center justify-between">
            <span className="text-[11px] font-medium text-muted-foreground">
              {noun} {i + 1}
            </span>
            <div className="flex gap-0.5">
              {!compact && (
                <>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-6"
                    disabled={i === 0}
                    aria-label={`Move ${noun} ${i + 1} up`}
                    onClick={() => move(i, i - 1)}
                  >
                    <ArrowUp className="size-3.5" />
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="icon"
                    className="size-6"
                    disabled={i === value.length - 1}
                    aria-label={`Move ${noun} ${i + 1} down`}
                    onClick={() => move(i, i + 1)}
                  >
                    <ArrowDown className="size-3.5" />
                  </Button>
                </>
              )}
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="size-6"
                aria-label={`Remove ${noun} ${i + 1}`}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                <Trash2 className="size-3.5" />
              </Button>
            </div>
          </div>
          <ConfigForm
            schema={element}
            value={asRecord(item)}
            onChange={(next) => onChange(value.map((v, j) => (j === i ? next : v)))}
            path={`${path}[${i}]`}
            ctx={ctx}
          />
        </div>
      ))}
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="justify-self-start"
        onClick={() => onChange([...value, newItem(element, value, noun)])}
      >
        <Plus className="size-3.5" aria-hidden />
        Add {noun.toLowerCase()}
      </Button>
    </fieldset>
  );
}
