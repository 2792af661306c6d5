"use client";
import { useMemo, useState } from "react";
import { ArrowRight } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { isModEnter } from "./mod-enter";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { editFields, parseFieldInput, payloadDiff, toInputText, type EditField, type FieldDiff } from "@/lib/inbox/edit-fields";
import type { TaskDetail } from "@/lib/inbox/task-types";
import { JsonValue } from "./json-value";
import type { Problem } from "./use-task-actions";
import { cn } from "@/lib/utils";
import { touchTargets } from "./touch-targets";
import { FormError } from "@/components/ui/form-error";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function FieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: EditField;
  value: string | boolean;
  error?: string;
  onChange: (v: string | boolean) => void;
}) {
  const id = `edit-${field.key}`;
  const described = error ? `${id}-error` : field.description ? `${id}-help` : undefined;
  const common = { id, "aria-invalid": error ? true : undefined, "aria-describedby": described };
  let control;
  switch (field.widget) {
    case "boolean":
      control = <Checkbox {...common} checked={value === true} onCheckedChange={(v) => onChange(v === true)} />;
      break;
    case "enum":
      control = (
        <Select value={String(value)} onValueChange={onChange}>
          <SelectTrigger {...common} className="w-full">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {field.options.map((o) => (
              <SelectItem key={JSON.stringify(o)} value={JSON.stringify(o)}>
                {typeof o === "string" ? o : JSON.stringify(o)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      );
      break;
    case "integer":
    case "number":
      control = <Input {...common} inputMode="decimal" value={String(value)} onChange={(e) => onChange(e.target.value)} />;
      break;
    case "text":
      control = <Input {...common} value={String(value)} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      control = (
        <Textarea
          {...common}
          rows={field.widget === "json" ? 5 : 3}
          className={field.widget === "json" ? "font-mono text-xs" : undefined}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id}>{field.label}</Label>
      {control}
      {field.description && !error && (
        <p id={`${id}-help`} className="text-xs text-muted-foreground">
          {field.description}
        </p>
      )}
      {error && (
        <FormError id={`${id}-error`} size="xs">
          {error}
        </FormError>
      )}
    </div>
  );
}

export function DiffTable({ diff }: { diff: FieldDiff[] }) {
  return (
    <table className="w-full text-sm" data-testid="edit-diff">
      <thead>
        <tr className="text-left text-xs text-muted-foreground">
          <th className="py-1 pr-2 font-medium">Field</th>
          <th className="py-1 pr-2 font-medium">Proposed</th>
          <th className="w-4" />
          <th className="py-1 font-medium">Yours</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((d) => (
          <tr key={d.path} className="border-t align-top">
            <td className="py-1.5 pr-2 font-medium">{d.path}</td>
            <td className="py-1.5 pr-2 text-muted-foreground line-through decoration-status-failed/60">
              <JsonValue value={d.from} />
            </td>
            <td className="py-1.5">
              <ArrowRight className="size-3 text-muted-foreground" aria-label="changed to" />
            </td>
            <td className="py-1.5 font-medium text-status-succeeded">
              <JsonValue value={d.to} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Edit the editable fields, review the diff, then approve with the changes. */
export function EditApproveDialog({
  task,
  open,
  onOpenChange,
  pending,
  serverProblems,
  onSubmit,
}: {
  task: TaskDetail;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pending: boolean;
  serverProblems: Problem[];
  onSubmit: (payload: Record<string, unknown>, comment: string) => void;
}) {
  const fields = useMemo(() => editFields(task.editableSchema), [task.editableSchema]);
  const original = isRecord(task.payload) ? task.payload : {};
  const initial = () =>
    Object.fromEntries(fields.map((f) => [f.key, f.widget === "boolean" ? original[f.key] === true : toInputText(f, original[f.key])]));
  const [values, setValues] = useState<Record<string, string | boolean>>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [review, setReview] = useState<{ edited: Record<string, unknown>; diff: FieldDiff[] } | null>(null);
  const [comment, setComment] = useState("");
  const [formError, setFormError] = useState<string | null>(null);

  const reset = (o: boolean) => {
    if (o) {
      setValues(initial());
      setErrors({});
      setReview(null);
      setComment("");
      setFormError(null);
    }
    onOpenChange(o);
  };

  const toReview = () => {
    const errs: Record<string, string> = {};
    const edited: Record<string, unknown> = {};
    for (const f of fields) {
      const r = parseFieldInput(f, values[f.key] ?? "");
      if (r.ok) edited[f.key] = r.value;
      else errs[f.key] = r.error;
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    const diff = payloadDiff(original, edited);
    if (!diff.length) {
      setFormError("Nothing changed yet. Change a field, or close this and use Approve.");
      return;
    }
    setFormError(null);
    setReview({ edited, diff });
  };

  const serverByField = new Map(serverProblems.map((p) => [p.path.replace(/^payload\./, ""), p.message]));

  return (
    <Dialog open={open} onOpenChange={reset}>
      <DialogContent
        className={cn("sm:max-w-xl", touchTargets)}
        onKeyDown={(e) => {
          // Ctrl/⌘+Enter takes the dialog's next step: edit → review, review → approve.
          if (!isModEnter(e)) return;
          e.preventDefault();
          if (!review) (document.getElementById("edit-approve-form") as HTMLFormElement | null)?.requestSubmit();
          else if (!pending) onSubmit(review.edited, comment.trim());
        }}
      >
        <DialogHeader>
          <DialogTitle>{review ? "Review your changes" : "Edit and approve"}</DialogTitle>
          <DialogDescription>
            {review
              ? "These fields change from the proposal. Approving records the diff in the audit log."
              : "Only the fields this approval marks editable can change."}
          </DialogDescription>
        </DialogHeader>
        {!review ? (
          <form
            id="edit-approve-form"
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              toReview();
            }}
          >
            {fields.map((f) => (
              <FieldInput
                key={f.key}
                field={f}
                value={values[f.key] ?? ""}
                error={errors[f.key] ?? serverByField.get(f.key)}
                onChange={(v) => setValues((s) => ({ ...s, [f.key]: v }))}
              />
            ))}
            {formError && <FormError>{formError}</FormError>}
          </form>
        ) : (
          <div className="grid gap-4">
            <DiffTable diff={review.diff} />
            <div className="grid gap-1.5">
              <Label htmlFor="edit-comment">Comment (optional)</Label>
              <Textarea
                id="edit-comment"
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                placeholder="Why you changed it"
              />
            </div>
            {serverProblems.length > 0 && (
              <ul role="alert" className="grid gap-1 text-sm text-destructive">
                {serverProblems.map((p) => (
                  <li key={p.path + p.message}>
                    {p.path}: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        <DialogFooter>
          {review ? (
            <>
              <Button variant="outline" onClick={() => setReview(null)} disabled={pending}>
                Back to editing
              </Button>
              <Button onClick={() => onSubmit(review.edited, comment.trim())} disabled={pending} autoFocus>
                {pending && <Spinner />}
                Approve with changes
              </Button>
            </>
          ) : (
            <>
              <Button variant="outline" onClick={() => reset(false)}>
                Cancel
              </Button>
              <Button type="submit" form="edit-approve-form">
                Review changes
              </Button>
            </>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
