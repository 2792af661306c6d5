import { describe, expect, it } from "vitest";
import { z } from "zod";
import { demoReply, lastUserText, placeholderFromSchema } from "./demo";

describe("placeholderFromSchema", () => {
  it("fills required properties only, plus a numeric confidence of 0.9", () => {
    const schema = {
      type: "object",
      properties: {
        title: { type: "string" },
        optional: { type: "string" },
        confidence: { type: "number", minimum: 0, maximum: 1 },
        count: { type: "integer", minimum: 3 },
        ok: { type: "boolean" },
      },
      required: ["title", "count", "ok"],
      additionalProperties: false,
    };
    expect(placeholderFromSchema(schema)).toEqual({ title: "placeholder title", count: 3, ok: true, confidence: 0.9 });
  });

  it("handles enums, consts, nullable unions, refs, formats and array bounds", () => {
    const schema = {
      type: "object",
      $defs: { Person: { type: "object", properties: { email: { type: "string", format: "email" } }, required: ["email"] } },
      properties: {
        kind: { enum: ["a", "b"] },
        fixed: { const: 42 },
        maybe: { anyOf: [{ type: "null" }, { type: "string", minLength: 20 }] },
        person: { $ref: "#/$defs/Person" },
        list: { type: "array", items: { type: "integer" }, minItems: 2 },
        none: { type: "array", items: { type: "string" }, maxItems: 0 },
        typeArr: { type: ["null", "number"], exclusiveMinimum: 5 },
        when: { type: "string", format: "date-time" },
      },
      required: ["kind", "fixed", "maybe", "person", "list", "none", "typeArr", "when"],
    };
    const value = placeholderFromSchema(schema) as Record<string, unknown>;
    expect(value).toEqual({
      kind: "a",
      fixed: 42,
      maybe: "placeholder maybexxx",
      person: { email: "demo@example.com" },
      list: [0, 0],
      none: [],
      typeArr: 5.5,
      when: "2024-01-01T00:00:00.000Z",
    });
  });

  it("satisfies zod-generated JSON schemas", () => {
    const S = z.object({
      answer: z.string().min(3),
      score: z.number().int().min(1).max(10),
      nested: z.object({ flags: z.array(z.boolean()).min(1), note: z.string().optional() }),
      confidence: z.number(),
    });
    const value = placeholderFromSchema(z.toJSONSchema(S) as Record<string, unknown>);
    expect(S.parse(value)).toEqual(value);
    expect(value).toMatchObject({ confidence: 0.9 });
  });

  it("terminates on recursive schemas", () => {
    const schema = {
      $ref: "#/$defs/Node",
      $defs: { Node: { type: "object", properties: { next: { $ref: "#/$defs/Node" } }, required: ["next"] } },
    };
    expect(() => JSON.stringify(placeholderFromSchema(schema))).not.toThrow();
  });
});

describe("demoReply", () => {
  it("echoes the last user message (string or text parts)", () => {
    expect(
      lastUserText([{ role: "user", content: [{ type: "text", text: "a" }, { type: "image_url" }, { type: "text", text: "b" }] }]),
    ).toBe("a\nb");
    expect(
      demoReply({
        messages: [
          { role: "system", content: "sys" },
          { role: "user", content: "  hi\n there " },
        ],
      }),
    ).toEqual({
      kind: "content",
      content: 'Demo reply (fake model): you said "hi there".',
    });
    expect(demoReply({ messages: [] })).toEqual({ kind: "content", content: "Demo reply (fake model): hello!" });
  });

  it("answers json_object requests with JSON", () => {
    const r = demoReply({ messages: [{ role: "user", content: "q" }], response_format: { type: "json_object" } });
    expect(r.kind === "content" && JSON.parse(r.content)).toEqual({ reply: "Demo reply to: q", confidence: 0.9 });
  });

  it("calls a forced tool with placeholder arguments, otherwise answers with text", () => {
    const tools = [
      {
        type: "function",
        function: { name: "search", parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] } },
      },
      { type: "function", function: { name: "other", parameters: { type: "object", properties: {} } } },
    ];
    const messages = [{ role: "user", content: "x" }];
    expect(demoReply({ messages, tools, tool_choice: { type: "function", function: { name: "search" } } })).toEqual({
      kind: "toolCalls",
      toolCalls: [{ name: "search", arguments: { q: "placeholder q" } }],
    });
    expect(demoReply({ messages, tools, tool_choice: "required" })).toMatchObject({ kind: "toolCalls", toolCalls: [{ name: "search" }] });
    expect(demoReply({ messages, tools }).kind).toBe("content");
  });
});
