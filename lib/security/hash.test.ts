import { describe, expect, it } from "vitest";
import { canonicalJson, hashApiKey, hashJson, randomToken, safeEqual, sha256Hex } from "./hash";

describe("sha256Hex", () => {
  it("matches known vectors", () => {
    expect(sha256Hex("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex(new TextEncoder().encode("abc"))).toBe(sha256Hex("abc"));
  });
  it("hashes UTF-8", () => {
    expect(sha256Hex("é")).toBe(sha256Hex(Buffer.from([0xc3, 0xa9])));
  });
});

describe("canonicalJson", () => {
  it("sorts keys recursively and is insensitive to insertion order", () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: 2 }], c: "x" } };
    const b = { a: { c: "x", d: [3, { y: 2, z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(hashJson(a)).toBe(hashJson(b));
  });
  it("follows JSON.stringify semantics for edge values", () => {
    const v = { u: undefined, f: () => 1, n: null, arr: [undefined, NaN, Infinity, -0], d: new Date(0), s: '\u2028"' };
    expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
    expect(canonicalJson(v)).toBe('{"arr":[null,null,null,0],"d":"1970-01-01T00:00:00.000Z","n":null,"s":"\u2028\\""}');
    expect(canonicalJson("x")).toBe('"x"');
    expect(canonicalJson(1.5e-7)).toBe("1.5e-7");
  });
  it("orders keys by code unit, not locale", () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, é: 4, "10": 5, "9": 6 })).toBe('{"10":5,"9":6,"B":2,"a":3,"b":1,"é":4}');
  });
  it("rejects unserializable values and cycles", () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow(/circular/);
    // shared (non-circular) references are fine
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe("hashApiKey / randomToken / safeEqual", () => {
  it("hashApiKey is deterministic sha256 hex", () => {
    expect(hashApiKey("sy_abc")).toBe(sha256Hex("sy_abc"));
    expect(hashApiKey("sy_abc")).toMatch(/^[0-9a-f]{64}$/);
  });
  it("randomToken is base64url of the requested size and unique", () => {
    const t = randomToken(32);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t, "base64url")).toHaveLength(32);
    expect(randomToken(16)).toHaveLength(22);
    expect(new Set(Array.from({ length: 50 }, () => randomToken())).size).toBe(50);
    expect(() => randomToken(0)).toThrow(RangeError);
  });
  it("safeEqual", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
