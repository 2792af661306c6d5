// A model's tool-call arguments are outside input: parsed with the safe JSON parser, so the model is
// told (and the call not made) when they nest too deep, overflow a number or carry a NUL.
import { describe, expect, it } from "vitest";
import { parseArguments } from "./agent-tools";

const args = (text: string) => parseArguments({ id: "t", name: "x", arguments: text } as never);

describe("tool-call arguments", () => {
  it("accepts an object or nothing", () => {
    expect(args('{"a":1}')).toEqual({ ok: true, args: { a: 1 } });
    expect(args("  ")).toEqual({ ok: true, args: {} });
  });
  it("refuses what is not an object or cannot be stored faithfully, saying why", () => {
    expect(args("[1]")).toEqual({ ok: false, error: "arguments must be a JSON object" });
    expect(args("{oops")).toEqual({ ok: false, error: "arguments are not valid JSON" });
    for (const text of ['{"n":1e400}', '{"a":' + "[".repeat(1000) + "]".repeat(1000) + "}", '{"s":"\\u0000"}']) {
      const r = args(text);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error).toMatch(/^arguments refused: /);
    }
  });
});
