// Scoring one row: each grader looks at the row's input, the run's output and the row's expected
// value and says pass/fail with a score in 0..1. A row passes when every grader passes. JSONata goes
// through the expression module (its time and size limits apply); an expression that fails is a
// failed grade with the reason, never an exception out of the evaluation.
import { evaluateExpression, type ExpressionScope } from "@/lib/model/expressions";
import { deepEqual } from "@/lib/model/deep-equal";
import { validateJsonSchema } from "@/lib/engine/json-schema";
import type { Grader, GraderScore } from "./evaluation-schemas";

export interface GradeInput {
  input: unknown;
  /** The run's output; null for a run that did not succeed. */
  output: unknown;
  /** undefined when the row has no expected value. */
  expected: unknown;
  /** Why the run did not succeed (failed, cancelled, escalated to a person), if it did not. */
  runError: string | null;
}

/** An LLM judge: the rubric and the row in, a score and a reason out (./llm-judge). */
export type Judge = (g: Extract<Grader, { kind: "llm_judge" }>, row: GradeInput) => Promise<{ score: number; reason: string }>;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The value at a dot path (`a.b`); the whole value for "". */
export function atPath(value: unknown, path: string): unknown {
  if (!path) return value;
  let cur: unknown = value;
  for (const key of path.split(".")) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The expected value a field grader compares with: the field of an expected object, else expected itself. */
function expectedAt(expected: unknown, field: string): unknown {
  if (field && expected !== null && typeof expected === "object" && !Array.isArray(expected)) return atPath(expected, field);
  return expected;
}

/** Whether `actual` contains `wanted`: text contains text, an object has every wanted key equal, an array has every wanted item. */
export function contains(actual: unknown, wanted: unknown): boolean {
  if (typeof wanted === "string") {
    const text = typeof actual === "string" ? actual : JSON.stringify(actual ?? null);
    return text.includes(wanted);
  }
  if (Array.isArray(wanted)) {
    return Array.isArray(actual) && wanted.every((w) => actual.some((a) => deepEqual(a, w) || contains(a, w)));
  }
  if (wanted !== null && typeof wanted === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
    const a = actual as Record<string, unknown>;
    return Object.entries(wanted as Record<string, unknown>).every(([k, v]) => deepEqual(a[k], v) || (k in a && contains(a[k], v)));
  }
  return deepEqual(actual, wanted);
}

const result = (kind: string, pass: boolean, detail?: string): GraderScore => ({
  kind,
  pass,
  score: pass ? 1 : 0,
  ...(detail ? { detail } : {}),
});

function needsExpected(g: Grader, row: GradeInput): GraderScore | null {
  return row.expected === undefined ? result(g.kind, false, "The row has no expected value to compare with") : null;
}

const short = (v: unknown) => {
  const t = JSON.stringify(v ?? null);
  return t.length > 120 ? `${t.slice(0, 120)}…` : t;
};

async function gradeOne(g: Grader, row: GradeInput, judge: Judge | undefined): Promise<GraderScore> {
  switch (g.kind) {
    case "jsonata": {
      try {
        // $.input, $.output, $.expected
        const scope: ExpressionScope & { output: unknown; expected: unknown } = {
          input: row.input,
          steps: {},
          run: { id: "", startedAt: "" },
          output: row.output ?? null,
          expected: row.expected ?? null,
        };
        const v = await evaluateExpression(g.expression, scope);
        return result(g.kind, v === true, v === true ? undefined : `The assertion gave ${short(v)}`);
      } catch (e) {
        return result(g.kind, false, `The assertion failed: ${message(e)}`);
      }
    }
    case "exact": {
      const missing = needsExpected(g, row);
      if (missing) return missing;
      const actual = atPath(row.output, g.field);
      const wanted = expectedAt(row.expected, g.field);
      return deepEqual(actual, wanted) ? result(g.kind, true) : result(g.kind, false, `Expected ${short(wanted)}, got ${short(actual)}`);
    }
    case "contains": {
      const missing = needsExpected(g, row);
      if (missing) return missing;
      const actual = atPath(row.output, g.field);
      const wanted = expectedAt(row.expected, g.field);
      return contains(actual, wanted) ? result(g.kind, true) : result(g.kind, false, `${short(actual)} does not contain ${short(wanted)}`);
    }
    case "json_schema": {
      const schema = g.schema ?? row.expected;
      if (schema === null || typeof schema !== "object" || Array.isArray(schema))
        return result(g.kind, false, "No JSON schema: give one on the grader or as the row's expected value");
      const problems = validateJsonSchema(atPath(row.output, g.field), schema);
      return problems.length ? result(g.kind, false, problems.map((p) => `${p.path}: ${p.message}`).join("; ")) : result(g.kind, true);
    }
    case "numeric": {
      const missing = needsExpected(g, row);
      if (missing) return missing;
      const actual = Number(atPath(row.output, g.field));
      const wanted = Number(expectedAt(row.expected, g.field));
      if (!Number.isFinite(actual) || !Number.isFinite(wanted)) return result(g.kind, false, "Output or expected value is not a number");
      const diff = Math.abs(actual - wanted);
      return diff <= g.tolerance
        ? result(g.kind, true)
        : result(g.kind, false, `${actual} is ${diff} away from ${wanted} (tolerance ${g.tolerance})`);
    }
    case "llm_judge": {
      if (!judge) return result(g.kind, false, "No model judge is available");
      try {
        const { score, reason } = await judge(g, row);
        return { kind: g.kind, pass: score >= g.passScore, score, detail: reason };
      } catch (e) {
        return result(g.kind, false, `The judge failed: ${message(e)}`);
      }
    }
  }
}

/** Every grader's score for the row, and whether the row passes (a run that did not succeed never does). */
export async function gradeRow(graders: Grader[], row: GradeInput, judge?: Judge): Promise<{ pass: boolean; scores: GraderScore[] }> {
  if (row.runError) {
    return { pass: false, scores: graders.map((g) => result(g.kind, false, row.runError ?? undefined)) };
  }
  const scores: GraderScore[] = [];
  for (const g of graders) scores.push(await gradeOne(g, row, judge));
  return { pass: scores.every((s) => s.pass), scores };
}
