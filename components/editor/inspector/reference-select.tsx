"use client";
// A select of things a node refers to by id (credentials, workflows), loaded from the API. An id
// that is not in the list (deleted, or not visible to this user) stays selectable so opening a
// node never changes it; loading, load errors, a list the user's role may not see (403) and an
// empty list each say so.
import type { ReactNode } from "react";
import { ApiClientError } from "@/lib/queries/api-fetch";
import { cn } from "@/lib/utils";
import { nativeSelectClass } from "./field-parts";

/** The props every picker of a node's reference shares: the field's id, its value, and its change. */
export interface PickerProps<T> {
  id: string;
  value: unknown;
  onChange: (next: T) => void;
  invalid?: boolean;
}

/** A list only some roles may read answers 401/403, which no retry changes (the select says so). */
export const retryUnlessDenied = (n: number, e: Error): boolean =>
  n < 1 && !(e instanceof ApiClientError && (e.status === 401 || e.status === 403));

export function ReferenceSelect({
  id,
  value,
  onChange,
  invalid,
  options,
  isPending,
  error,
  noun,
  placeholder,
  unknownLabel,
  empty,
}: {
  id: string;
  value: unknown;
  onChange: (id: string) => void;
  invalid?: boolean;
  options: { value: string; label: string }[];
  isPending: boolean;
  error: Error | null;
  /** Plural, for "Loading credentials…" and "Could not load credentials". */
  noun: string;
  /** The empty choice's label once loaded ("None", "Choose a workflow"). */
  placeholder: string;
  unknownLabel: (id: string) => string;
  /** Shown when the list loaded empty. */
  empty: ReactNode;
}) {
  const current = typeof value === "string" ? value : "";
  const unknown = current !== "" && !isPending && !options.some((o) => o.value === current);
  const forbidden = error instanceof ApiClientError && (error.status === 403 || error.status === 401);
  return (
    <div className="grid gap-1.5">
      <select
        id={id}
        className={cn(nativeSelectClass)}
        value={current}
        disabled={isPending || forbidden}
        aria-invalid={invalid ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{isPending ? `Loading ${noun}…` : placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {unknown && <option value={current}>{unknownLabel(current)}</option>}
      </select>
      {forbidden ? (
        <p className="text-xs text-muted-foreground" data-testid="reference-forbidden">
          Your role cannot see the list of {noun}
          {current ? "; this node keeps the one it has." : "."}
        </p>
      ) : error ? (
        <p className="text-xs text-destructive">
          Could not load {noun}: {error.message}
        </p>
      ) : !isPending && options.length === 0 ? (
        <p className="text-xs text-muted-foreground">{empty}</p>
      ) : null}
    </div>
  );
}
