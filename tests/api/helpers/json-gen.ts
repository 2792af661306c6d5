// A small, seeded generator of JSON values from a JSON Schema (what zod 4's z.toJSONSchema gives for
// a route's body), and mutators that break such values the ways a careless or hostile client does:
// wrong types, sizes past the limits, deep nesting, hostile Unicode and out-of-range numbers. No
// dependency: the subset of JSON Schema zod emits for our bodies is small, and a fixed seed keeps
// every run identical.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = Record<string, unknown>;

/** mulberry32: tiny, fast, good enough for test-case generation. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  constructor(
    readonly rand: () => number,
    /** Values to prefer for properties of these names (ids of fixtures), so bodies reach the handlers. */
    readonly hints: Record<string, Json[]> = {},
  ) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rand() * xs.length)];
  }
  chance(p: number): boolean {
    return this.rand() < p;
  }

  /** A value that (mostly) satisfies the schema: refinements zod cannot express are not known here. */
  value(s: Schema, key = "", depth = 0): Json {
    if (key && this.hints[key] && this.chance(0.8)) return this.pick(this.hints[key]);
    if ("const" in s) return s.const as Json;
    if (Array.isArray(s.enum)) return this.pick(s.enum as Json[]);
    const alts = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (alts) return this.value(this.pick(alts), key, depth);
    if (Array.isArray(s.allOf) && s.allOf.length) return this.value(s.allOf[0] as Schema, key, depth);
    const type = Array.isArray(s.type) ? this.pick(s.type as string[]) : (s.type as string | undefined);
    switch (type) {
      case "object":
        return this.object(s, depth);
      case "array": {
        const min = (s.minItems as number | undefined) ?? 0;
        const max = Math.min((s.maxItems as number | undefined) ?? 3, min + 3);
        const items = (s.items as Schema | undefined) ?? {};
        return Array.from({ length: this.int(min, max) }, () => this.value(items, "", depth + 1));
      }
      case "string":
        return this.string(s);
      case "integer":
      case "number": {
        const lo = (s.minimum as number | undefined) ?? ((s.exclusiveMinimum as number | undefined) ?? -1) + 1;
        const hi = (s.maximum as number | undefined) ?? Math.max(lo, 1000);
        const n = this.int(Math.max(lo, -1e6), Math.min(hi, lo + 1e6));
        return n;
      }
      case "boolean":
        return this.chance(0.5);
      case "null":
        return null;
      default:
        return this.anyJson(depth);
    }
  }

  private object(s: Schema, depth: number): Json {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const required = new Set((s.required as string[] | undefined) ?? []);
    const out: Record<string, Json> = {};
    for (const [k, ps] of Object.entries(props)) if (required.has(k) || this.chance(0.6)) out[k] = this.value(ps, k, depth + 1);
    if (!Object.keys(props).length && s.additionalProperties !== false) {
      for (let i = this.int(0, 3); i > 0; i--)
        out[`k${this.int(0, 99)}`] = this.value((s.additionalProperties as Schema) ?? {}, "", depth + 1);
    }
    return out;
  }

  private string(s: Schema): string {
    const min = (s.minLength as number | undefined) ?? 0;
    const max = Math.min((s.maxLength as number | undefined) ?? 24, min + 24);
    if (s.format === "email") return `u${this.int(0, 1e6)}@fuzz.test`;
    if (s.format === "uri" || s.format === "url") return `http://127.0.0.1:9/${this.int(0, 99)}`;
    if (s.format === "date-time") return new Date(1_800_000_000_000 + this.int(0, 1e9)).toISOString();
    const len = this.int(Math.max(min, 1), Math.max(max, 1));
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    const out = Array.from({ length: len }, () => this.pick([...alphabet])).join("");
    if (typeof s.pattern === "string" && !new RegExp(s.pattern as string).test(out)) return "a".repeat(Math.max(min, 1));
    return out;
  }

  /** Any JSON value of bounded size (for z.unknown() fields such as run input). */
  anyJson(depth = 0): Json {
    const kind = depth > 3 ? this.int(0, 3) : this.int(0, 5);
    if (kind === 0) return null;
    if (kind === 1) return this.chance(0.5);
    if (kind === 2) return this.int(-1e9, 1e9) / this.pick([1, 7, 1000]);
    if (kind === 3) return this.pick(HOSTILE_TEXT.slice(0, 3)) + this.int(0, 99);
    if (kind === 4) return Array.from({ length: this.int(0, 3) }, () => this.anyJson(depth + 1));
    const o: Record<string, Json> = {};
    for (let i = this.int(0, 3); i > 0; i--) o[`f${this.int(0, 9)}`] = this.anyJson(depth + 1);
    return o;
  }
}

/** Strings that have broken servers: each is valid JSON text when serialised. */
export const HOSTILE_TEXT = [
  "plain",
  "é vs e\u0301 (NFC)",
  "emoji 👩‍💻 and ZWJ",
  "a\u0000b",
  "lone \ud800 high",
  "lone \udfff low",
  "bell \u0007",
  "rtl \u202e override",
  "line\u2028sep",
  "\uffff\ufffe",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${{7*7}} {{7*7}} $.x",
  " ",
  "",
];

/** Raw JSON number texts that JSON.parse turns into something else (±Infinity, -0, lost precision). */
export const HOSTILE_NUMBERS = ["-1e400", "1e400", "-0", "9007199254740993", "1e-400", "123456789012345678901234567890"];

/** Raw JSON texts (numbers JSON cannot produce, pre-built nesting) by placeholder index. */
const raws: string[] = [];
/** A placeholder string that serialise() replaces by the raw JSON text. */
export const rawNumber = (text: string): string => `\u0001raw:${raws.push(text) - 1}`;

/** JSON text for a value, with rawNumber() placeholders spliced in as raw JSON. */
export function serialise(v: Json): string {
  return JSON.stringify(v).replace(/"\\u0001raw:(\d+)"/g, (_m, i: string) => raws[Number(i)]);
}

/** Text nested `depth` levels deep: arrays, objects or a mix. */
export function deepJson(depth: number, style: "array" | "object" = "array"): string {
  return style === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/** Paths of every leaf in a value. */
function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v !== null && typeof v === "object") return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}

export function setAt(v: Json, path: (string | number)[], value: Json): Json {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(v)) return v.map((x, i) => (i === head ? setAt(x, rest, value) : x));
  if (v !== null && typeof v === "object") return { ...v, [head]: setAt(v[head as string] ?? null, rest, value) };
  return v;
}

/** The first path to a string leaf (where a name would be), or null. */
export function firstStringPath(v: Json): (string | number)[] | null {
  for (const p of paths(v)) {
    let x: Json = v;
    for (const k of p) x = (x as Record<string | number, Json>)[k];
    if (typeof x === "string") return p;
  }
  return null;
}

export type Mutation = { name: string; text: string };

/** One mutation of a valid body, chosen by the generator: the JSON text to send and what was done. */
export function mutate(g: Gen, base: Json): Mutation {
  const ps = paths(base);
  const at = g.pick(ps);
  const where = at.join(".") || "(root)";
  switch (g.int(0, 9)) {
    case 0:
      return {
        name: `type swap at ${where}`,
        text: serialise(setAt(base, at, g.pick<Json>([null, true, 0, -1, "x", [], {}, [1, "a"], { a: null }]))),
      };
    case 1:
      return { name: `hostile text at ${where}`, text: serialise(setAt(base, at, g.pick(HOSTILE_TEXT))) };
    case 2:
      return { name: `hostile number at ${where}`, text: serialise(setAt(base, at, rawNumber(g.pick(HOSTILE_NUMBERS)))) };
    case 3: {
      const d = g.pick([40, 63, 65, 200, 10_000]);
      return {
        name: `nesting ${d} at ${where}`,
        text: serialise(setAt(base, at, rawNumber(deepJson(d, g.pick(["array", "object"] as const))))),
      };
    }
    case 4:
      return { name: `long string at ${where}`, text: serialise(setAt(base, at, "x".repeat(g.pick([129, 1001, 10_001, 100_001])))) };
    case 5:
      return {
        name: `long array at ${where}`,
        text: serialise(
          setAt(
            base,
            at,
            Array.from({ length: g.pick([201, 1001, 20_000]) }, (_, i) => i),
          ),
        ),
      };
    case 6:
      return { name: `unknown key`, text: serialise(setAt(base, ["__proto__x" + g.int(0, 9)], g.anyJson())) };
    case 7: {
      const obj = base !== null && typeof base === "object" && !Array.isArray(base) ? { ...base } : {};
      const keys = Object.keys(obj);
      if (keys.length) delete obj[g.pick(keys)];
      return { name: `dropped key`, text: serialise(obj) };
    }
    case 8:
      return {
        name: `hostile key`,
        text: serialise(setAt(base, [g.pick(["\u0000", "\ud800", "constructor", "__proto__", "a".repeat(300)])], 1)),
      };
    default:
      return { name: `truncated`, text: serialise(base).slice(0, g.int(0, Math.max(0, serialise(base).length - 1))) };
  }
}
