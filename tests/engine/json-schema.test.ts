import { describe, expect, it } from "vitest";
import { validateJsonSchema } from "@/lib/engine/json-schema";
import { applyEdits } from "@/lib/engine/executors/approval-decision";
import { ValidationError } from "@/lib/engine/errors";

describe("validateJsonSchema", () => {
  const schema = {
    type: "object",
    properties: {
      name: { type: "string", minLength: 2, maxLength: 5 },
      n: { type: "integer", minimum: 0, maximum: 3 },
      x: { type: "number" },
      tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, maxItems: 2 },
      ok: { type: "boolean" },
      nested: { type: "object", properties: { v: { type: ["string", "null"] } }, required: ["v"], additionalProperties: false },
    },
    required: ["name"],
  };

  it("accepts valid values", () => {
    expect(validateJsonSchema({ name: "abc", n: 3, x: 1.5, tags: ["a"], ok: true, nested: { v: null } }, schema)).toEqual([]);
  });

  it("reports every problem with its path", () => {
    const problems = validateJsonSchema({ name: "a", n: 1.5, x: "1", tags: ["c", "a", "b"], ok: 1, nested: { w: 1 } }, schema);
    expect(problems.map((p) => p.path).sort()).toEqual(["n", "name", "nested.v", "nested.w", "ok", "tags", "tags[0]", "x"]);
    expect(validateJsonSchema({}, schema)).toEqual([{ path: "name", message: "is required" }]);
    expect(validateJsonSchema([], schema)[0].message).toBe("expected object, got array");
  });
});

describe("applyEdits", () => {
  const editable = { type: "object", properties: { amount: { type: "number", maximum: 100 } } };
  it("merges editable fields and returns the diff", () => {
    expect(applyEdits({ amount: 1, note: "x" }, { amount: 2, note: "x" }, editable)).toEqual({
      payload: { amount: 2, note: "x" },
      diff: [{ path: "amount", from: 1, to: 2 }],
    });
  });
  it("refuses non-editable or invalid edits", () => {
    expect(() => applyEdits({ amount: 1, note: "x" }, { note: "y" }, editable)).toThrow(ValidationError);
    expect(() => applyEdits({ amount: 1 }, { amount: 101 }, editable)).toThrow(/must be <= 100/);
    expect(() => applyEdits("text", { amount: 1 }, editable)).toThrow(/not editable/);
  });
});
