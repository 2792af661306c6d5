import { describe, expect, it } from "vitest";
import { builderProblem, changeType, fromSchema, newFieldName, parseEnumText, toSchema, type SchemaNode } from "./schema-builder";

/** JSON Schema equality as a validator reads it: key order and an empty `required` do not matter. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) {
    const x = (v as Record<string, unknown>)[k];
    if (k === "required" && Array.isArray(x)) {
      if (x.length) out[k] = [...(x as string[])].sort();
      continue;
    }
    out[k] = canonical(x);
  }
  return out;
}

const schemas: Record<string, unknown> = {
  empty: { type: "object", properties: {} },
  "no properties keyword": { type: "object" },
  flat: {
    type: "object",
    properties: { name: { type: "string" }, amount: { type: "number" }, count: { type: "integer" }, ok: { type: "boolean" } },
    required: ["name", "amount"],
  },
  "required out of order": { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, required: ["b", "a"] },
  "required names no property": { type: "object", properties: { a: { type: "string" } }, required: ["a", "ghost"] },
  "descriptions and enums": {
    type: "object",
    description: "A loan application",
    properties: {
      tier: { type: "string", enum: ["gold", "silver", "bronze"], description: "Customer tier" },
      score: { type: "integer", enum: [1, 2, 3] },
      rate: { type: "number", enum: [0.5, 1.25] },
    },
  },
  "x-personal": {
    type: "object",
    properties: {
      applicantId: { type: "string", "x-personal": true },
      address: {
        type: "object",
        "x-personal": true,
        properties: { street: { type: "string" }, zip: { type: "string", "x-personal": true } },
      },
      amount: { type: "number" },
    },
    required: ["applicantId"],
  },
  "x-personal not true is kept": { type: "object", properties: { a: { type: "string", "x-personal": "yes" } } },
  "nested objects": {
    type: "object",
    properties: {
      customer: {
        type: "object",
        properties: {
          name: { type: "string" },
          contact: { type: "object", properties: { email: { type: "string", format: "email" } }, required: ["email"] },
        },
        required: ["name"],
      },
    },
  },
  "arrays of scalars and objects": {
    type: "object",
    properties: {
      tags: { type: "array", items: { type: "string", enum: ["a", "b"] } },
      lines: {
        type: "array",
        description: "Invoice lines",
        minItems: 1,
        items: { type: "object", properties: { sku: { type: "string" }, qty: { type: "integer", minimum: 1 } }, required: ["sku"] },
      },
      matrix: { type: "array", items: { type: "array", items: { type: "number" } } },
      untyped: { type: "array" },
    },
  },
  "other keywords kept": {
    type: "object",
    title: "Input",
    additionalProperties: false,
    $comment: "hand written",
    properties: { email: { type: "string", format: "email", maxLength: 120, pattern: "^.+@.+$", default: "a@b.c", examples: ["x@y.z"] } },
  },
  "custom nodes kept verbatim": {
    type: "object",
    properties: {
      nullable: { type: ["string", "null"] },
      anything: {},
      ref: { $ref: "#/definitions/x" },
      choice: { oneOf: [{ type: "string" }, { type: "number" }] },
      enumOfMixed: { type: "string", enum: ["a", 1] },
      booleanEnum: { type: "boolean", enum: [true] },
    },
  },
  "answer schema, not an object": { type: "string", description: "The verdict", enum: ["approve", "reject"] },
  "answer schema, array root": { type: "array", items: { type: "object", properties: { id: { type: "string" } } } },
  "a type list root": { type: ["object", "null"] },
  "deep nesting": {
    type: "object",
    properties: {
      a: {
        type: "object",
        properties: {
          b: { type: "array", items: { type: "object", properties: { c: { type: "object", properties: { d: { type: "boolean" } } } } } },
        },
      },
    },
  },
  "field names with spaces and dots": {
    type: "object",
    properties: { "first name": { type: "string" }, "a.b": { type: "number" }, "": { type: "string" } },
  },
};

describe("schema builder", () => {
  it.each(Object.entries(schemas))("JSON → builder → JSON keeps %s", (_, schema) => {
    expect(canonical(toSchema(fromSchema(schema)))).toEqual(canonical(schema));
  });

  it.each(Object.entries(schemas))("builder → JSON → builder keeps %s", (_, schema) => {
    const tree = fromSchema(schema);
    expect(fromSchema(toSchema(tree))).toEqual(tree);
  });

  it("does not share objects with the schema it read", () => {
    const schema = { type: "object", properties: { a: { type: "string", enum: ["x"] } } };
    const tree = fromSchema(schema);
    tree.fields![0].schema.enum!.push("y");
    expect(schema.properties.a.enum).toEqual(["x"]);
  });

  it("writes what the builder edits: fields, types, required, enum, description, personal, nesting", () => {
    const tree: SchemaNode = {
      type: "object",
      extra: {},
      fields: [
        { name: "name", required: true, schema: { type: "string", description: "Full name", personal: true, extra: {} } },
        { name: "tier", required: false, schema: { type: "string", enum: ["a", "b"], extra: {} } },
        {
          name: "lines",
          required: true,
          schema: {
            type: "array",
            extra: {},
            items: { type: "object", extra: {}, fields: [{ name: "qty", required: true, schema: { type: "integer", extra: {} } }] },
          },
        },
      ],
    };
    expect(toSchema(tree)).toEqual({
      type: "object",
      properties: {
        name: { type: "string", description: "Full name", "x-personal": true },
        tier: { type: "string", enum: ["a", "b"] },
        lines: { type: "array", items: { type: "object", properties: { qty: { type: "integer" } }, required: ["qty"] } },
      },
      required: ["name", "lines"],
    });
    expect(fromSchema(toSchema(tree))).toEqual(tree);
  });

  it("an empty description or enum is left out", () => {
    expect(toSchema({ type: "string", description: "", enum: [], extra: {} })).toEqual({ type: "string" });
  });

  it("changing a type keeps what still applies", () => {
    const s: SchemaNode = { type: "string", description: "d", personal: true, enum: ["1"], extra: { maxLength: 3 } };
    expect(changeType(s, "object")).toEqual({ type: "object", description: "d", personal: true, fields: [], extra: {} });
    expect(changeType(s, "array")).toEqual({
      type: "array",
      description: "d",
      personal: true,
      items: { type: "string", extra: {} },
      extra: {},
    });
    expect(changeType({ type: "integer", enum: [1, 2], extra: {} }, "number").enum).toEqual([1, 2]);
    expect(changeType({ type: "number", enum: [1.5], extra: {} }, "integer").enum).toBeUndefined();
  });

  it("names new fields uniquely and reports empty or repeated names with their path", () => {
    expect(newFieldName([])).toBe("field1");
    expect(newFieldName([{ name: "field2", required: false, schema: { type: "string", extra: {} } }])).toBe("field3");
    const obj = (fields: [string, SchemaNode][]): SchemaNode => ({
      type: "object",
      extra: {},
      fields: fields.map(([name, schema]) => ({ name, required: false, schema })),
    });
    const str: SchemaNode = { type: "string", extra: {} };
    expect(
      builderProblem(
        obj([
          ["a", str],
          ["b", str],
        ]),
      ),
    ).toBeNull();
    expect(
      builderProblem(
        obj([
          ["a", str],
          ["a", str],
        ]),
      ),
    ).toBe('Two fields are named "a"');
    expect(builderProblem(obj([["c", obj([["", str]])]]))).toBe("A field in c has no name");
    expect(
      builderProblem(
        obj([
          [
            "l",
            {
              type: "array",
              extra: {},
              items: obj([
                ["x", str],
                ["x", str],
              ]),
            },
          ],
        ]),
      ),
    ).toBe('Two fields are named "l[].x"');
  });

  it("reads enum text for the field's type", () => {
    expect(parseEnumText("string", "a, b ,a,, c")).toEqual({ ok: true, values: ["a", "b", "c"] });
    expect(parseEnumText("number", "1, 2.5")).toEqual({ ok: true, values: [1, 2.5] });
    expect(parseEnumText("integer", "1, 2.5")).toEqual({ ok: false, error: '"2.5" is not a whole number' });
    expect(parseEnumText("number", "x")).toEqual({ ok: false, error: '"x" is not a number' });
  });
});
