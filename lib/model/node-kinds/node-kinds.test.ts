import { describe, expect, it } from "vitest";
import { listConfigFields, offeredFields } from "../field-meta";
import { nodeOptions } from "../node-options";
import { errorHandle } from "../handles";
import { NODE_KINDS, type NodeKind } from "../node-kind";
import { outputHandles } from ".";
import { getNodeKindDef, nodeKindDefs } from "./schemas";
import type { NodeKindDef } from "./types";

const LUCIDE_NAME = /^[A-Z][A-Za-z0-9]+$/;

describe("nodeKindDefs registry", () => {
  it("has exactly one definition per kind, keyed by its kind", () => {
    expect(Object.keys(nodeKindDefs).sort()).toEqual([...NODE_KINDS].sort());
    for (const kind of NODE_KINDS) expect(nodeKindDefs[kind].kind).toBe(kind);
  });

  it("is exhaustive at compile time", () => {
    // @ts-expect-error a registry that misses kinds does not satisfy the exhaustive type
    const incomplete: { [K in NodeKind]: NodeKindDef<K> } = { start: nodeKindDefs.start };
    expect(incomplete).toBeDefined();
  });

  it.each(NODE_KINDS)("%s: defaults are a valid config and describe a usable node", (kind) => {
    const def = getNodeKindDef(kind);
    const parsed = def.configSchema.safeParse(def.defaults);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toEqual(def.defaults);
    expect(def.label).not.toBe("");
    expect(def.description).not.toMatch(/\n/);
    expect(def.icon).toMatch(LUCIDE_NAME);
    expect(def.summary(def.defaults)).not.toBe("");
    expect(def.inputs.map((h) => h.id)).toEqual(kind === "start" ? [] : kind === "loop" || kind === "map" ? ["in", "loop"] : ["in"]);
    for (const field of def.expressionFields(def.defaults)) expect(field.value.trim()).not.toBe("");
  });

  it.each(NODE_KINDS)("%s: every top-level config field has form metadata", (kind) => {
    const def = getNodeKindDef(kind);
    const shapeKeys = Object.keys((def.configSchema as unknown as { shape: object }).shape);
    expect(listConfigFields(def.configSchema).map((f) => f.key)).toEqual(shapeKeys);
  });

  it("marks effects and waits", () => {
    const effects = NODE_KINDS.filter((k) => nodeKindDefs[k].effect);
    const waits = NODE_KINDS.filter((k) => nodeKindDefs[k].waits);
    expect(effects).toEqual(["http", "agent"]);
    expect(waits.sort()).toEqual(["approval", "delay", "loop", "map", "subworkflow", "wait_callback", "wait_event", "wait_until"]);
  });

  it("gives every kind but start an error output", () => {
    expect(outputHandles({ kind: "start", config: nodeKindDefs.start.defaults }).map((h) => h.id)).toEqual(["out"]);
    expect(outputHandles({ kind: "end", config: {} }).map((h) => h.id)).toEqual([errorHandle]);
    expect(outputHandles({ kind: "approval", config: nodeKindDefs.approval.defaults }).map((h) => h.id)).toEqual([
      "approved",
      "rejected",
      "timeout",
      "error",
    ]);
  });

  it("derives condition outputs from its branches", () => {
    const config = {
      branches: [
        { id: "big", label: "Big", expression: "$.input.amount > 100" },
        { id: "small", label: "Small", expression: "$.input.amount < 10" },
      ],
    };
    expect(nodeKindDefs.condition.outputs(config).map((h) => h.id)).toEqual(["big", "small", "else"]);
    expect(nodeKindDefs.condition.expressionFields(config).map((f) => f.path)).toEqual([
      "branches[0].expression",
      "branches[1].expression",
    ]);
    expect(nodeKindDefs.condition.summary(config)).toBe("2 branches + else");
  });

  it("rejects invalid condition branches", () => {
    const parse = (branches: unknown) => nodeKindDefs.condition.configSchema.safeParse({ branches }).success;
    expect(parse([])).toBe(false);
    expect(parse([{ id: "else", label: "x", expression: "true" }])).toBe(false);
    expect(parse([{ id: "Big Amount", label: "x", expression: "true" }])).toBe(false);
    expect(parse([{ id: "a", label: "x", expression: "   " }])).toBe(false);
    const dup = [
      { id: "a", label: "x", expression: "true" },
      { id: "a", label: "y", expression: "false" },
    ];
    expect(parse(dup)).toBe(false);
  });

  it("requires n for first_n joins", () => {
    const schema = nodeKindDefs.join.configSchema;
    expect(schema.safeParse({ mode: "first_n" }).success).toBe(false);
    expect(schema.safeParse({ mode: "first_n", n: 2 }).success).toBe(true);
    expect(schema.safeParse({}).data).toEqual({ mode: "all" });
  });

  it("lists http templates and body", () => {
    const config = nodeKindDefs.http.configSchema.parse({
      url: "https://x.test/{{ $.input.id }}",
      headers: [
        { key: "X-Trace", value: "{{ $.run.id }}" },
        { key: "Accept", value: "" },
      ],
      body: "$.input",
    });
    expect(nodeKindDefs.http.expressionFields(config)).toEqual([
      { path: "url", kind: "template", value: "https://x.test/{{ $.input.id }}" },
      { path: "headers[0].value", kind: "template", value: "{{ $.run.id }}" },
      { path: "body", kind: "expression", value: "$.input" },
    ]);
    expect(nodeKindDefs.http.summary(config)).toBe("GET x.test/{{ $.input.id }}");
    expect(nodeKindDefs.http.configSchema.safeParse({ url: "https://x", timeoutMs: 300_001 }).success).toBe(false);
  });

  it("requires an approval assignee", () => {
    const config = { ...nodeKindDefs.approval.defaults, assignees: { users: [], roles: [] } };
    expect(nodeKindDefs.approval.configSchema.safeParse(config).success).toBe(false);
  });

  it("summarises delays", () => {
    expect(nodeKindDefs.delay.summary({ durationMs: 90_000 })).toBe("Wait 1m 30s");
    expect(nodeKindDefs.delay.summary({ durationMs: 1000, durationExpression: "$.input.ms" })).toBe("Wait $.input.ms");
  });
});

describe("options offered per node kind (nothing that does nothing)", () => {
  // [error output, retry, step timeout, undo step, not safe to repeat]
  const expected: Record<NodeKind, [boolean, boolean, boolean, boolean, boolean]> = {
    start: [false, false, false, false, false],
    end: [true, false, false, false, false],
    compensate: [false, false, false, false, false],
    http: [true, true, true, true, true],
    agent: [true, true, true, true, true],
    transform: [true, false, false, true, false],
    condition: [true, false, false, true, false],
    join: [true, false, false, true, false],
    approval: [true, false, false, true, false],
    delay: [true, false, false, true, false],
    wait_until: [true, false, false, true, false],
    wait_event: [true, false, false, true, false],
    wait_callback: [true, false, false, true, false],
    subworkflow: [true, false, false, true, false],
    loop: [true, false, false, true, false],
    map: [true, false, false, true, false],
  };

  it.each(NODE_KINDS)("%s: reliability options come from the kind's definition", (kind) => {
    const o = nodeOptions(getNodeKindDef(kind), {});
    expect([o.errorOutput, o.retry, o.timeout, o.undo, o.nonIdempotent]).toEqual(expected[kind]);
  });

  it("a value a node already carries stays offered so it can be cleared (an End with a retry policy from an import)", () => {
    const o = nodeOptions(getNodeKindDef("end"), { retry: { maxAttempts: 2 }, timeoutMs: 1000, undo: "x", nonIdempotent: true });
    expect(o).toEqual({ errorOutput: true, retry: true, timeout: true, undo: true, nonIdempotent: true });
  });

  const toolFields = () => {
    const tools = listConfigFields(getNodeKindDef("agent").configSchema).find((f) => f.key === "tools")!;
    const element = (tools.schema as unknown as { unwrap(): { element: unknown } }).unwrap().element;
    return listConfigFields(element as never);
  };
  const offered = (tool: Record<string, unknown>) => offeredFields(toolFields(), tool).map((f) => f.key);
  const common = ["name", "description", "type", "requiresApproval"];

  it("an agent tool offers only the fields its type uses", () => {
    expect(offered({ type: "http" })).toEqual([...common, "method", "url", "argsSchema", "credentialId"]);
    expect(offered({})).toEqual(offered({ type: "http" })); // the type's default
    expect(offered({ type: "workflow" })).toEqual([...common, "workflowId", "version", "argsSchema"]);
    expect(offered({ type: "mcp" })).toEqual([...common, "argsSchema", "serverId", "mcpTool", "idempotent"]);
    expect(offered({ type: "remember" })).toEqual(common);
    expect(offered({ type: "recall", method: "GET", url: "", credentialId: null })).toEqual(common);
  });

  it("a tool switched to another type keeps showing what it still carries, so it can be cleared", () => {
    expect(offered({ type: "remember", url: "https://api.example.com/x", method: "POST" })).toEqual([...common, "method", "url"]);
  });
});
