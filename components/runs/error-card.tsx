"use client";
// A failure told in words: the message, what its code means, where (step and attempt) and what to do
// next, with the raw error one click away. A failure an error edge took is "handled": same card in
// the handled colour, since the run went on.
import { CircleXIcon, ShieldCheckIcon } from "lucide-react";
import { explainFailure } from "@/lib/errors/step-failures";
import { cn } from "@/lib/utils";
import { JsonValue } from "./json-value";

export interface ErrorCardProps {
  error: unknown;
  title?: string;
  stepName?: string | null;
  stepKey?: string | null;
  attempt?: number | null;
  handled?: boolean;
  onOpenStep?: (stepKey: string) => void;
  className?: string;
  "data-testid"?: string;
}

function fields(error: unknown): { message: string; code: string | null } {
  if (typeof error === "string") return { message: error, code: null };
  const e = (typeof error === "object" && error !== null ? error : {}) as { message?: unknown; code?: unknown };
  return {
    message: typeof e.message === "string" && e.message ? e.message : "The step failed.",
    code: typeof e.code === "string" ? e.code : null,
  };
}

export function ErrorCard({ error, title, stepName, stepKey, attempt, handled, onOpenStep, className, ...rest }: ErrorCardProps) {
  const { message, code } = fields(error);
  const why = explainFailure(code);
  const Icon = handled ? ShieldCheckIcon : CircleXIcon;
  return (
    <section
      aria-label={title ?? (handled ? "Handled failure" : "Failure")}
      data-testid={rest["data-testid"] ?? "error-card"}
      data-handled={handled ? "true" : "false"}
      className={cn(
        "grid gap-2 rounded-lg border p-3 text-sm",
        handled ? "border-status-handled/40 bg-status-handled/5" : "border-status-failed/40 bg-status-failed/5",
        className,
      )}
    >
      <div className="flex items-start gap-2">
        <Icon aria-hidden className={cn("mt-0.5 size-4 shrink-0", handled ? "text-status-handled" : "text-status-failed")} />
        <div className="grid gap-0.5">
          {title && <p className={cn("font-medium", handled ? "text-status-handled" : "text-status-failed")}>{title}</p>}
          <p className="font-medium break-words whitespace-pre-wrap" data-slot="error-message">
            {message}
          </p>
        </div>
      </div>
      <dl className="grid grid-cols-[6.5rem_1fr] gap-x-3 gap-y-1 text-sm">
        {code && (
          <>
            <dt className="text-muted-foreground">Code</dt>
            <dd>
              <code className="font-mono text-xs">{code}</code>
              {why && <span className="text-muted-foreground"> — {why.explain}</span>}
            </dd>
          </>
        )}
        {stepKey && (
          <>
            <dt className="text-muted-foreground">Step</dt>
            <dd>
              {onOpenStep ? (
                <button type="button" className="font-medium underline" onClick={() => onOpenStep(stepKey)}>
                  {stepName ?? stepKey}
                </button>
              ) : (
                <span className="font-medium">{stepName ?? stepKey}</span>
              )}
              {stepName && stepName !== stepKey && <span className="font-mono text-xs text-muted-foreground"> ({stepKey})</span>}
              {attempt ? <span className="text-muted-foreground"> · attempt {attempt}</span> : null}
            </dd>
          </>
        )}
        <dt className="text-muted-foreground">What to do</dt>
        <dd data-slot="error-todo">
          {handled
            ? "Nothing is required: the workflow's error edge took this failure and the run went on. Check the error branch's output if the result looks wrong."
            : (why?.todo ?? "Read the message, fix the cause, then retry the run (or rerun from this step).")}
        </dd>
      </dl>
      <details className="group">
        <summary className="cursor-pointer text-xs text-muted-foreground select-none hover:text-foreground">Raw error (JSON)</summary>
        <JsonValue value={error} name="error" label="Error details" className="mt-1" />
      </details>
    </section>
  );
}
