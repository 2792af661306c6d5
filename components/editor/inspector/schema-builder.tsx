"use client";
// A JSON Schema edited visually (fields, types, required, enum, description, personal data, nested
// objects and arrays) with the raw JSON beside it. The tree model is lib/model/schema-builder.ts
// (lossless both ways). Both views stay mounted: invalid JSON in the JSON view shows an error and
// changes nothing, so the builder keeps its last valid state; a builder state that cannot be
// written (an empty or repeated name) is kept on screen with its problem until it is fixed.
import { useId, useState } from "react";
import { ChevronDown, ChevronRight, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils";
import {
  BUILDER_TYPES,
  builderProblem,
  changeType,
  fromSchema,
  newFieldName,
  parseEnumText,
  toSchema,
  type FieldEntry,
  type SchemaNode,
} from "@/lib/model/schema-builder";
import { nativeSelectClass } from "./field-parts";
import { FormError } from "@/components/ui/form-error";

const EMPTY_OBJECT = { type: "object", properties: {} } as const;

export interface SchemaBuilderProps {
  id: string;
  /** The field's name (the group's accessible name). */
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  /** "object": the root is an object's fields (run input, editable fields); "any": any schema (an answer). */
  root: "object" | "any";
  /** What an empty schema is stored as (null for the answer schema, undefined for optional ones). */
  emptyValue: null | undefined;
  /** Offer "Personal data" (x-personal) on fields: the run input masks them. */
  personal?: boolean;
  describedBy?: string;
}

const isEmpty = (v: unknown) => v === undefined || v === null;
const format = (v: unknown) => (isEmpty(v) ? "" : JSON.stringify(v, null, 2));

export function SchemaBuilder({ id, label, value, onChange, root, emptyValue, personal = false, describedBy }: SchemaBuilderProps) {
  const [tab, setTab] = useState<"builder" | "json">("builder");
  const [tree, setTree] = useState<SchemaNode | null>(() => (isEmpty(value) ? null : fromSchema(value)));
  const [text, setText] = useState(() => format(value));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [source, setSource] = useState(value);
  // Bumped when the tree is replaced wholesale (from outside or from the JSON view): the field
  // editors remount, so their local state (open details, enum text) belongs to the new fields.
  const [generation, setGeneration] = useState(0);
  // A change from outside (undo, another field, the server) replaces both views.
  if (source !== value) {
    setSource(value);
    setTree(isEmpty(value) ? null : fromSchema(value));
    setText(format(value));
    setJsonError(null);
    setGeneration(generation + 1);
  }
  const problem = tree ? builderProblem(tree) : null;

  const emit = (next: unknown) => {
    setSource(next);
    onChange(next);
  };
  const editTree = (next: SchemaNode | null) => {
    setTree(next);
    const written = next === null ? emptyValue : toSchema(next);
    setText(format(written));
    setJsonError(null);
    if (next === null || !builderProblem(next)) emit(written);
  };
  const editText = (raw: string) => {
    setText(raw);
    if (raw.trim() === "") {
      setJsonError(null);
      setTree(null);
      emit(emptyValue);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw) as unknown;
    } catch (e) {
      setJsonError(e instanceof Error ? e.message : "Invalid JSON");
      return;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      setJsonError('A JSON Schema is an object, e.g. { "type": "object", "properties": {} }');
      return;
    }
    setJsonError(null);
    setTree(fromSchema(parsed));
    setGeneration(generation + 1);
    emit(parsed);
  };

  const tabId = (t: string) => `${id}-tab-${t}`;
  const panelId = (t: string) => `${id}-panel-${t}`;
  const tabButton = (t: "builder" | "json", label: string) => (
    <button
      type="button"
      role="tab"
      id={tabId(t)}
      aria-selected={tab === t}
      aria-controls={panelId(t)}
      tabIndex={tab === t ? 0 : -1}
      onClick={() => setTab(t)}
      onKeyDown={(e) => {
        if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
          e.preventDefault();
          const other = t === "builder" ? "json" : "builder";
          setTab(other);
          document.getElementById(tabId(other))?.focus();
        }
      }}
      className={cn(
        "rounded-sm px-2 py-0.5 text-xs font-medium text-muted-foreground outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50",
        tab === t && "bg-background text-foreground shadow-xs",
      )}
    >
      {label}
    </button>
  );

  return (
    <div role="group" aria-label={label} className="grid min-w-0 gap-2" data-slot="schema-builder" id={id} aria-describedby={describedBy}>
      <div role="tablist" aria-label="Schema view" className="inline-flex w-fit gap-0.5 rounded-md bg-muted p-0.5">
        {tabButton("builder", "Fields")}
        {tabButton("json", "JSON")}
      </div>
      <div
        role="tabpanel"
        id={panelId("builder")}
        aria-labelledby={tabId("builder")}
        hidden={tab !== "builder"}
        className="grid min-w-0 gap-2"
      >
        {tree === null ? (
          <div className="grid gap-2 rounded-md border border-dashed p-3 text-xs text-muted-foreground">
            <p>{root === "object" ? "No fields yet." : "No schema: the agent answers in text."}</p>
            <Button
              type="button"
              variant="outline"
              size="sm"
              className="justify-self-start"
              onClick={() => editTree(fromSchema(EMPTY_OBJECT))}
            >
              <Plus className="size-3.5" aria-hidden /> {root === "object" ? "Add fields" : "Add a schema"}
            </Button>
          </div>
        ) : root === "object" && tree.type !== "object" ? (
          <CustomNote />
        ) : root === "object" ? (
          <FieldList node={tree} path="" personal={personal} onChange={editTree} />
        ) : (
          <div className="grid gap-2">
            <NodeEditor node={tree} path="" label="Answer" personal={personal} onChange={editTree} />
            <Button type="button" variant="ghost" size="sm" className="justify-self-start" onClick={() => editTree(null)}>
              <Trash2 className="size-3.5" aria-hidden /> Remove the schema (text answer)
            </Button>
          </div>
        )}
        {problem && (
          <FormError size="xs" data-slot="field-error">
            {problem} — not saved until fixed.
          </FormError>
        )}
      </div>
      <div role="tabpanel" id={panelId("json")} aria-labelledby={tabId("json")} hidden={tab !== "json"} className="grid gap-1">
        <textarea
          aria-label="Schema JSON"
          rows={10}
          spellCheck={false}
          value={text}
          placeholder={root === "object" ? '{ "type": "object", "properties": {} }' : "Empty: a text answer"}
          aria-invalid={jsonError ? true : undefined}
          onChange={(e) => editText(e.target.value)}
          className="w-full resize-y rounded-md border border-input bg-transparent px-2.5 py-1.5 font-mono text-xs leading-relaxed shadow-xs outline-none focus-visible:border-ring focus-visible:ring-[3px] focus-visible:ring-ring/50 aria-invalid:border-destructive dark:bg-input/30"
        />
        {jsonError && (
          <FormError size="xs" data-slot="field-error">
            Invalid JSON: {jsonError}. The fields keep their last valid state.
          </FormError>
        )}
      </div>
    </div>
  );
}

function CustomNote() {
  return (
    <p className="rounded-md border border-dashed p-2 text-xs text-muted-foreground">
      A schema the builder does not draw — edit it in JSON.
    </p>
  );
}

/** An object's fields, with add / remove. */
function FieldList({
  node,
  path,
  personal,
  onChange,
}: {
  node: SchemaNode;
  path: string;
  personal: boolean;
  onChange: (next: SchemaNode) => void;
}) {
  const fields = node.fields ?? [];
  const setFields = (next: FieldEntry[]) => onChange({ ...node, fields: next });
  return (
    <div className="grid min-w-0 gap-2" role="group" aria-label={path ? `Fields of ${path}` : "Fields"}>
      {fields.length === 0 && <p className="text-xs text-muted-foreground">No fields.</p>}
      {fields.map((f, i) => (
        <FieldEditor
          key={i}
          field={f}
          path={path ? `${path}.${f.name || "?"}` : f.name || `field ${i + 1}`}
          personal={personal}
          onChange={(next) => setFields(fields.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setFields(fields.filter((_, j) => j !== i))}
        />
      ))}
      <Button
        type="button"
        variant="outline"
        size="sm"
        className="justify-self-start"
        onClick={() => setFields([...fields, { name: newFieldName(fields), required: false, schema: { type: "string", extra: {} } }])}
      >
        <Plus className="size-3.5" aria-hidden /> Add field{path ? ` to ${path}` : ""}
      </Button>
    </div>
  );
}

function FieldEditor({
  field,
  path,
  personal,
  onChange,
  onRemove,
}: {
  field: FieldEntry;
  path: string;
  personal: boolean;
  onChange: (next: FieldEntry) => void;
  onRemove: () => void;
}) {
  const uid = useId();
  return (
    <div
      role="group"
      aria-label={`Field ${path}`}
      className="grid min-w-0 gap-2 rounded-md border bg-muted/30 p-2"
      data-slot="schema-field"
    >
      <div className="flex min-w-0 items-center gap-1.5">
        <Input
          aria-label="Field name"
          className="h-7 min-w-0 flex-1 font-mono text-xs"
          value={field.name}
          aria-invalid={field.name.trim() ? undefined : true}
          onChange={(e) => onChange({ ...field, name: e.target.value })}
        />
        <label className="flex shrink-0 items-center gap-1 text-[11px]" htmlFor={`${uid}-req`}>
          <Checkbox id={`${uid}-req`} checked={field.required} onCheckedChange={(c) => onChange({ ...field, required: c === true })} />
          Required
        </label>
        <Button
          type="button"
          variant="ghost"
          size="icon"
          className="size-7 shrink-0"
          aria-label={`Remove field ${path}`}
          onClick={onRemove}
        >
          <Trash2 className="size-3.5" />
        </Button>
      </div>
      <NodeEditor node={field.schema} path={path} personal={personal} onChange={(schema) => onChange({ ...field, schema })} />
    </div>
  );
}

/** One schema: its type, details (description, allowed values, personal data) and children. */
function NodeEditor({
  node,
  path,
  label,
  personal,
  onChange,
}: {
  node: SchemaNode;
  path: string;
  label?: string;
  personal: boolean;
  onChange: (next: SchemaNode) => void;
}) {
  const uid = useId();
  const [open, setOpen] = useState(() => !!(node.description || node.enum?.length));
  const [enumText, setEnumText] = useState(() => (node.enum ?? []).join(", "));
  const [enumSource, setEnumSource] = useState(node.enum);
  const [enumError, setEnumError] = useState<string | null>(null);
  if (enumSource !== node.enum) {
    setEnumSource(node.enum);
    setEnumText((node.enum ?? []).join(", "));
    setEnumError(null);
  }
  if (node.type === null) return <CustomNote />;
  const type = node.type;
  const hasEnum = type === "string" || type === "number" || type === "integer";
  return (
    <div className="grid min-w-0 gap-2">
      <div className="flex min-w-0 items-center gap-1.5">
        <Label htmlFor={`${uid}-type`} className="shrink-0 text-[11px] font-normal text-muted-foreground">
          {label ? `${label} type` : "Type"}
        </Label>
        <select
          id={`${uid}-type`}
          className={cn(nativeSelectClass, "h-7 w-28 text-xs")}
          value={type}
          onChange={(e) => onChange(changeType(node, e.target.value as (typeof BUILDER_TYPES)[number]))}
        >
          {BUILDER_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          className="ml-auto h-7 px-1.5 text-[11px]"
          aria-expanded={open}
          aria-controls={`${uid}-details`}
          onClick={() => setOpen(!open)}
        >
          {open ? <ChevronDown className="size-3.5" aria-hidden /> : <ChevronRight className="size-3.5" aria-hidden />}
          Details
        </Button>
      </div>
      <div id={`${uid}-details`} hidden={!open} className="grid gap-2">
        <div className="grid gap-1">
          <Label htmlFor={`${uid}-desc`} className="text-[11px] font-normal text-muted-foreground">
            Description
          </Label>
          <Input
            id={`${uid}-desc`}
            className="h-7 text-xs"
            value={node.description ?? ""}
            onChange={(e) => onChange({ ...node, description: e.target.value === "" ? undefined : e.target.value })}
          />
        </div>
        {hasEnum && (
          <div className="grid gap-1">
            <Label htmlFor={`${uid}-enum`} className="text-[11px] font-normal text-muted-foreground">
              Allowed values (comma-separated; empty: any)
            </Label>
            <Input
              id={`${uid}-enum`}
              className="h-7 font-mono text-xs"
              value={enumText}
              aria-invalid={enumError ? true : undefined}
              onChange={(e) => {
                setEnumText(e.target.value);
                const parsed = parseEnumText(type, e.target.value);
                if (!parsed.ok) {
                  setEnumError(parsed.error);
                  return;
                }
                setEnumError(null);
                const next = parsed.values.length ? parsed.values : undefined;
                setEnumSource(next);
                onChange({ ...node, enum: next });
              }}
            />
            {enumError && (
              <p className="text-xs text-destructive" data-slot="field-error">
                {enumError}
              </p>
            )}
          </div>
        )}
        {personal && (
          <label className="flex items-center gap-1.5 text-[11px]" htmlFor={`${uid}-personal`}>
            <Checkbox
              id={`${uid}-personal`}
              checked={node.personal === true}
              onCheckedChange={(c) => onChange({ ...node, personal: c === true ? true : undefined })}
            />
            Personal data (masked for people without the personal-data grant)
          </label>
        )}
      </div>
      {type === "object" && (
        <div className="min-w-0 border-l-2 pl-2">
          <FieldList node={node} path={path || "answer"} personal={personal} onChange={onChange} />
        </div>
      )}
      {type === "array" && (
        <div className="grid min-w-0 gap-1 border-l-2 pl-2">
          <NodeEditor
            node={node.items ?? { type: "string", extra: {} }}
            path={`${path || "answer"}[]`}
            label="Item"
            personal={personal}
            onChange={(items) => onChange({ ...node, items })}
          />
        </div>
      )}
    </div>
  );
}
