// Graders on their own: each kind passing and failing with a reason, the JSONata assertion through
// the expression module (a failing or runaway expression is a failed grade, not an exception), and a
// run that did not succeed failing every grader.
import { describe, expect, it } from "vitest";
import { gradeRow, type GradeInput } from "@/lib/evaluations/graders";
import { graderSchema, type Grader } from "@/lib/evaluations/evaluation-schemas";

const g = (raw: unknown): Grader => graderSchema.parse(raw);
const row = (output: unknown, expected?: unknown, input: unknown = { q: 1 }): GradeInput => ({ input, output, expected, runError: null });
const one = async (grader: unknown, r: GradeInput) => (await gradeRow([g(grader)], r)).scores[0];

describe("graders", () => {
  it("exact: deep equality of the output (or a field of it) with the expected value", async () => {
    expect((await one({ kind: "exact" }, row({ a: 1, b: [2] }, { b: [2], a: 1 }))).pass).toBe(true);
    expect(await one({ kind: "exact", field: "total" }, row({ total: 3 }, { total: 4 }))).toMatchObject({
      pass: false,
      detail: "Expected 4, got 3",
    });
    // a plain expected value is compared with the field
    expect((await one({ kind: "exact", field: "total" }, row({ total: 4 }, 4))).pass).toBe(true);
    expect(await one({ kind: "exact" }, row({ a: 1 }))).toMatchObject({
      pass: false,
      detail: "The row has no expected value to compare with",
    });
  });

  it("contains: text in text, keys in objects, items in arrays", async () => {
    expect((await one({ kind: "contains", field: "answer" }, row({ answer: "The refund is approved." }, "approved"))).pass).toBe(true);
    expect((await one({ kind: "contains", field: "answer" }, row({ answer: "denied" }, "approved"))).pass).toBe(false);
    expect((await one({ kind: "contains" }, row({ a: 1, b: 2, c: { d: 3, e: 4 } }, { b: 2, c: { d: 3 } }))).pass).toBe(true);
    expect((await one({ kind: "contains" }, row({ a: 1 }, { a: 2 }))).pass).toBe(false);
    expect((await one({ kind: "contains" }, row([1, 2, 3], [3, 1]))).pass).toBe(true);
  });

  it("json_schema: the grader's schema, or the row's expected value as the schema", async () => {
    const schema = { type: "object", properties: { total: { type: "number" } }, required: ["total"] };
    expect((await one({ kind: "json_schema", schema }, row({ total: 3 }))).pass).toBe(true);
    const bad = await one({ kind: "json_schema", schema }, row({ total: "3" }));
    expect(bad.pass).toBe(false);
    expect(bad.detail).toMatch(/total/);
    expect((await one({ kind: "json_schema" }, row({ total: 1 }, schema))).pass).toBe(true);
    expect((await one({ kind: "json_schema" }, row({ total: 1 }))).pass).toBe(false);
  });

  it("numeric: within the tolerance of the expected number", async () => {
    expect((await one({ kind: "numeric", field: "score", tolerance: 0.05 }, row({ score: 0.92 }, { score: 0.9 }))).pass).toBe(true);
    expect(await one({ kind: "numeric", field: "score", tolerance: 0.01 }, row({ score: 0.92 }, 0.9))).toMatchObject({ pass: false });
    expect((await one({ kind: "numeric", tolerance: 1 }, row("abc", 1))).detail).toMatch(/not a number/);
  });

  it("jsonata: passes only on true, over $.input, $.output and $.expected; errors and limits fail the grade", async () => {
    const r = row({ total: 10 }, { total: 10 }, { items: [4, 6] });
    expect((await one({ kind: "jsonata", expression: "$.output.total = $sum($.input.items)" }, r)).pass).toBe(true);
    expect((await one({ kind: "jsonata", expression: "$.output.total = $.expected.total" }, r)).pass).toBe(true);
    expect(await one({ kind: "jsonata", expression: "$.output.total" }, r)).toMatchObject({ pass: false, detail: "The assertion gave 10" });
    expect((await one({ kind: "jsonata", expression: "$.output.(" }, r)).detail).toMatch(/The assertion failed/);
    const runaway = await one({ kind: "jsonata", expression: "($f := function($n){ $n > 0 ? $f($n - 1) + $f($n - 1) : 1 }; $f(40))" }, r);
    expect(runaway.pass).toBe(false);
    expect(runaway.detail).toMatch(/The assertion failed/);
  }, 20_000);

  it("a run that did not succeed fails every grader with the reason; a row passes only when all pass", async () => {
    const failed = await gradeRow([g({ kind: "exact" }), g({ kind: "jsonata", expression: "true" })], {
      input: {},
      output: null,
      expected: 1,
      runError: "The run failed: boom",
    });
    expect(failed.pass).toBe(false);
    expect(failed.scores.map((s) => s.detail)).toEqual(["The run failed: boom", "The run failed: boom"]);
    const mixed = await gradeRow([g({ kind: "exact" }), g({ kind: "jsonata", expression: "false" })], row(1, 1));
    expect(mixed.pass).toBe(false);
    expect(mixed.scores.map((s) => s.pass)).toEqual([true, false]);
  });

  it("refuses graders that are not complete", () => {
    expect(graderSchema.safeParse({ kind: "jsonata", expression: " " }).success).toBe(false);
    expect(graderSchema.safeParse({ kind: "numeric" }).success).toBe(false);
    expect(graderSchema.safeParse({ kind: "exact", field: "a b" }).success).toBe(false);
    expect(graderSchema.safeParse({ kind: "llm_judge", providerId: "p" }).success).toBe(false);
    expect(graderSchema.safeParse({ kind: "regex" }).success).toBe(false);
  });
});
