import { afterEach, describe, expect, it } from "vitest";
import { compileExpression, evaluateExpression } from "./expressions";
import { isInlineExpression } from "./expression-pool";
import { setExpressionIsolation } from "./expression-isolation";
import { setExpressionCpuClock, Timebox } from "./expression-timebox";

const scope = { input: { s: "a".repeat(40) + "!" }, steps: {}, run: { id: "r", startedAt: "" } };

describe("linear-time regular expressions", () => {
  it("a catastrophic-backtracking pattern returns at once", async () => {
    const t0 = performance.now();
    expect(await evaluateExpression("$match($.input.s, /(a+)+$/)", scope)).toBeNull();
    expect(await evaluateExpression("$replace('x-aab-y', /a+b/, 'Z')", scope)).toBe("x-Z-y");
    expect(await evaluateExpression("$match('Ab ab', /ab/i).match", scope)).toEqual(["Ab", "ab"]);
    expect(await evaluateExpression("$split('a1b22c', /[0-9]+/)", scope)).toEqual(["a", "b", "c"]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("refuses at compile time what RE2 cannot run (backreferences, lookaround)", () => {
    for (const src of ["$match($.input.s, /(a)\\1/)", "$contains($.input.s, /a(?=b)/)"]) {
      const r = compileExpression(src);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: "syntax", message: expect.stringMatching(/RE2/) });
    }
  });
});

describe("which expressions may run inline", () => {
  it("small path and arithmetic expressions do; bindings, lambdas, ranges, sorting, regexes and heavy builtins do not", () => {
    for (const src of [
      "$.input.amount > 100",
      "{ 'n': $.steps.t1.output.n + 1 }",
      "$string($.input) & $uppercase($.input.s)",
      "$count($.input.xs[x > 1])",
    ])
      expect(isInlineExpression(src), src).toBe(true);
    for (const src of [
      "$distinct($.input.xs)",
      "$sort($.input.xs)",
      "$.input.xs^(x)",
      "[1..10]",
      "($a := 1; $a)",
      "$map($.input.xs, function($v){ $v })",
      "$match($.input.s, /a/)",
      "$pad('', 10)",
      "$map($.input.xs, $distinct)",
      "$.input.**.x",
    ])
      expect(isInlineExpression(src), src).toBe(false);
  });
});

describe("the time budget counts the expression's own work", () => {
  afterEach(() => setExpressionCpuClock(null));

  it("wall-clock time in which the thread got no CPU does not count", async () => {
    let cpu = 0;
    setExpressionCpuClock(() => cpu);
    const box = new Timebox({ timeoutMs: 20, maxDepth: 10 });
    await new Promise((r) => setTimeout(r, 60)); // "paused": wall time passes, CPU time does not
    expect(() => box.check()).not.toThrow();
    cpu = 25;
    await new Promise((r) => setTimeout(r, 25)); // the CPU clock is only read once the wall clock passes the budget
    expect(() => box.check()).toThrow(/time budget/);
  });
});

/** Installs an isolated evaluator that answers "isolated" and returns the sources sent to it. */
function recordingIsolation(): string[] {
  const sent: string[] = [];
  setExpressionIsolation({
    evaluate: async (source) => {
      sent.push(source);
      return { value: "isolated", usedMs: 0 };
    },
  });
  return sent;
}

describe("hostile expressions are handed to the isolated evaluator", () => {
  afterEach(() => setExpressionIsolation(null));

  it("regexes, recursion and unbounded builtins never run on the caller's thread; the chain's arithmetic does", async () => {
    const sent = recordingIsolation();
    const hostile = [
      "$match($.input.s, /(a+)+$/)",
      "$replace($.input.s, /a+/, 'b')",
      "$replace($.input.s, 'a', 'b')",
      "($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(100000))",
      "$reduce([1..1000000], function($a, $b){ $a + $b })",
      "$reduce($.input.xs, $append)",
      "$sort($.input.xs)",
    ];
    for (const src of hostile) expect(await evaluateExpression(src, scope), src).toBe("isolated");
    expect(sent).toEqual(hostile);
    sent.length = 0;
    const cheap = ["{ 'n': 1 }", "{ 'n': $.steps.t1.output.n + 1 }", "$.input.s", "$length($.input.s) > 3"];
    const chained = { ...scope, steps: { t1: { output: { n: 1 }, status: "succeeded" as const } } };
    for (const src of cheap) expect(await evaluateExpression(src, chained), src).not.toBe("isolated");
    expect(sent).toEqual([]);
  });

  it("an inline expression that outlasts its slice on the caller's thread is handed over; a syntax error is never sent", async () => {
    const sent = recordingIsolation();
    const long = "$sum($.input.xs.($ + 1))";
    expect(isInlineExpression(long)).toBe(true);
    const big = { ...scope, input: { xs: Array.from({ length: 300_000 }, (_, i) => i) } };
    expect(await evaluateExpression(long, big, { maxInputBytes: Infinity })).toBe("isolated");
    expect(sent).toEqual([long]);
    // the same expression over a small input finishes inline, and its pooled instance is reused
    expect(await evaluateExpression(long, { ...scope, input: { xs: [1, 2] } })).toBe(5);
    expect(await evaluateExpression(long, { ...scope, input: { xs: [3] } })).toBe(4);
    await expect(evaluateExpression("$.input.(", scope)).rejects.toMatchObject({ code: "syntax" });
    expect(sent).toEqual([long]);
  });
});
