import { describe, expect, it } from "vitest";
import {
  compileExpression,
  compileTemplate,
  evaluateExpression,
  ExpressionError,
  MAX_EXPRESSION_LENGTH,
  renderTemplate,
} from "./expressions";
import { testScope } from "./test-helpers";

const scope = testScope(
  { amount: 1500, customer: { name: "Ada" }, items: [{ price: 2 }, { price: 3 }] },
  { "Credit check": { status: "succeeded", output: { score: 720 } }, Prepare: { status: "skipped", output: null } },
);

async function failure(promise: Promise<unknown>): Promise<ExpressionError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExpressionError);
  return err as ExpressionError;
}

describe("evaluateExpression", () => {
  it("evaluates against the scope root", async () => {
    expect(await evaluateExpression("$.input.amount * 2", scope)).toBe(3000);
    expect(await evaluateExpression("input.customer.name", scope)).toBe("Ada");
    expect(await evaluateExpression("$.steps.`Credit check`.output.score", scope)).toBe(720);
    expect(await evaluateExpression("$sum($.input.items.price)", scope)).toBe(5);
    expect(await evaluateExpression("$.run.id", scope)).toBe("run_1");
  });

  it("returns plain JSON, with undefined as null", async () => {
    expect(await evaluateExpression("$.input.missing", scope)).toBeNull();
    expect(await evaluateExpression("$.input.items", scope)).toEqual([{ price: 2 }, { price: 3 }]);
    expect(await evaluateExpression("function($x){$x}", scope)).toBeNull();
    expect(await evaluateExpression('{"f": $uppercase, "n": 1}', scope)).toEqual({ n: 1 });
  });

  it("stops an infinite (tail-recursive) loop with a timeout, fast", async () => {
    const started = Date.now();
    const err = await failure(evaluateExpression("($f := function($x){$f($x)}; $f(1))", scope, { timeoutMs: 100 }));
    expect(["timeout", "depth"]).toContain(err.code);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("stops runaway non-tail recursion with a depth error", async () => {
    const err = await failure(evaluateExpression("($f := function($x){1 + $f($x)}; $f(1))", scope));
    expect(err.code).toBe("depth");
    expect(err.message).toMatch(/recursion/);
  });

  it("does not evaluate code built at run time ($eval)", async () => {
    const err = await failure(evaluateExpression("$eval('1 + 1')", testScope({ code: "1 + 1" })));
    expect(err.code).toBe("runtime");
    expect(err.message).toMatch(/\$eval is not available/);
  });

  it("allows legitimate recursion and wide data", async () => {
    const factorial = "($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(10))";
    expect(await evaluateExpression(factorial, scope)).toBe(3_628_800);
    const wide = "$count($map([1..20000], function($v){ [$v, $v] }))";
    // What is under test is the depth limit, not speed: a loaded CI machine may need more than 1 s.
    expect(await evaluateExpression(wide, scope, { timeoutMs: 15_000 })).toBe(20_000);
  });

  it("rejects a huge output", async () => {
    const err = await failure(evaluateExpression("[1..200000]", scope, { maxOutputBytes: 100_000 }));
    expect(err.code).toBe("size");
  });

  it("rejects a huge scope", async () => {
    const big = testScope({ blob: "x".repeat(2_000_000) });
    expect((await failure(evaluateExpression("1", big))).code).toBe("size");
    expect(await evaluateExpression("1", big, { maxInputBytes: Infinity })).toBe(1);
  });

  it("reports syntax errors with a position", async () => {
    const err = await failure(evaluateExpression("$.input.amount >", scope));
    expect(err.code).toBe("syntax");
    expect(err.position).toBe(16);
    expect(err.jsonataCode).toBe("S0207");
  });

  it("reports runtime errors", async () => {
    const err = await failure(evaluateExpression("$.input.amount + 'a'", scope));
    expect(err.code).toBe("runtime");
    expect(err.jsonataCode).toBe("T2002");
    expect((await failure(evaluateExpression("$error('boom')", scope))).message).toBe("boom");
  });

  it("isolates concurrent evaluations of the same expression", async () => {
    const src = "$count([1..50000])";
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(() => evaluateExpression(src, scope)));
    expect(results).toEqual([50000, 50000, 50000, 50000, 50000, 50000]);
    const mixed = await Promise.allSettled([
      evaluateExpression("($f := function($x){$f($x)}; $f(1))", scope, { timeoutMs: 50 }),
      evaluateExpression("$.input.amount", scope),
    ]);
    expect(mixed.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
  });
});

describe("compileExpression", () => {
  it("accepts valid expressions and exposes the AST", () => {
    const result = compileExpression("$.input.amount > 10");
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.expr.ast.type).toBe("binary");
  });

  it("returns the parse error and position", () => {
    expect(compileExpression("1 +* 2")).toEqual({
      ok: false,
      error: { message: "Syntax error: 2", position: 6, code: "syntax", jsonataCode: "S0201" },
    });
    const empty = compileExpression("");
    expect(empty.ok).toBe(false);
  });

  it("caches results by source", () => {
    expect(compileExpression("$.a")).toBe(compileExpression("$.a"));
  });

  it("rejects over-long expressions", async () => {
    const long = `"${"x".repeat(MAX_EXPRESSION_LENGTH)}"`;
    const result = compileExpression(long);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("size");
    expect((await failure(evaluateExpression(long, scope))).code).toBe("size");
  });
});

describe("templates", () => {
  it("renders placeholders", async () => {
    const text = await renderTemplate("Hi {{ $.input.customer.name }}, you owe {{ $.input.amount }} EUR.", scope);
    expect(text).toBe("Hi Ada, you owe 1500 EUR.");
  });

  it("stringifies non-string values and drops null", async () => {
    expect(await renderTemplate("{{ $.input.items[0] }}|{{ $.nothing }}|{{ true }}", scope)).toBe('{"price":2}||true');
  });

  it("handles braces and strings inside placeholders, and escapes", async () => {
    expect(await renderTemplate('{{ {"a": {"b": "}}"}} }}', scope)).toBe('{"a":{"b":"}}"}}');
    expect(await renderTemplate("\\{{ not an expression }} {{ 1 + 1 }}", scope)).toBe("{{ not an expression }} 2");
    expect(await renderTemplate("plain text", scope)).toBe("plain text");
  });

  it("reports positions inside the template", async () => {
    const err = await failure(renderTemplate("Total: {{ $.input.amount + }}", scope));
    expect(err.code).toBe("syntax");
    // the placeholder source " $.input.amount + " starts at offset 9; JSONata reports its end
    expect(err.position).toBe(9 + " $.input.amount + ".length);
    expect(compileTemplate("ok {{ 1 }} then {{ ")).toEqual({
      ok: false,
      error: { message: 'Unclosed "{{" placeholder', position: 16, code: "syntax" },
    });
    expect(compileTemplate("x {{  }}").ok).toBe(false);
    expect(compileTemplate("a {{ $.input }} b").ok).toBe(true);
  });

  it("applies the time limit to the whole template", async () => {
    const loop = "{{ ($f := function($x){$f($x)}; $f(1)) }}";
    expect((await failure(renderTemplate(`a ${loop}`, scope, { timeoutMs: 50 }))).code).toBe("timeout");
  });
});
