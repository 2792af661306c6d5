"use client";
// What a refused dataset import says: the server's sentence and, when it names rows, every problem
// by row number (CSV lines count the header as line 1; past runs count from 1 in the order chosen).
import { ApiClientError } from "@/lib/queries/api-fetch";

interface RowProblem {
  row: number;
  message: string;
}

function problemsOf(e: unknown): RowProblem[] {
  const details = e instanceof ApiClientError ? (e.details as { problems?: unknown } | undefined) : undefined;
  const list = Array.isArray(details?.problems) ? (details.problems as unknown[]) : [];
  return list.filter((p): p is RowProblem => typeof (p as RowProblem)?.row === "number" && typeof (p as RowProblem)?.message === "string");
}

export function ImportError({ error, rowLabel }: { error: unknown; rowLabel: string }) {
  if (!error) return null;
  const problems = problemsOf(error);
  return (
    <div role="alert" className="grid gap-1 text-sm text-destructive">
      <p>{problems.length ? "Nothing was imported:" : error instanceof Error ? error.message : String(error)}</p>
      {problems.length > 0 && (
        <ul className="max-h-40 list-disc overflow-y-auto pl-5" aria-label="Row errors">
          {problems.map((p, i) => (
            <li key={i}>
              {rowLabel} {p.row}: {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
