// The editor supports graphs of up to MAX_NODES (1,000) nodes: the draft schema, the validator and
// the clipboard accept that size and refuse one node more.
import { describe, expect, it } from "vitest";
import { syntheticGraph } from "@/bench/canvas/synthetic-graph";
import { CLIPBOARD_FORMAT } from "@/lib/model/clipboard";
import { clipboardSchema } from "@/lib/model/clipboard-schema";
import { parseDraftGraph } from "@/lib/model/draft-graph-schema";
import { MAX_NODES } from "@/lib/model/graph-schema";
import { validateGraph } from "@/lib/model/validate-graph";

describe("graph size limits", () => {
  it("is 1,000 nodes", () => {
    expect(MAX_NODES).toBe(1000);
  });

  it("accepts a 1,000-node draft that validates cleanly", () => {
    const graph = syntheticGraph(1000);
    expect(graph.nodes).toHaveLength(1000);
    expect(parseDraftGraph(graph).success).toBe(true);
    const result = validateGraph(graph);
    expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("refuses one node more in the draft and on the clipboard", () => {
    const graph = syntheticGraph(1001);
    const parsed = parseDraftGraph(graph);
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.issues.some((i) => i.path === "nodes")).toBe(true);
    expect(clipboardSchema.safeParse({ format: CLIPBOARD_FORMAT, nodes: graph.nodes, edges: [] }).success).toBe(false);
    expect(clipboardSchema.safeParse({ format: CLIPBOARD_FORMAT, nodes: graph.nodes.slice(0, 1000), edges: [] }).success).toBe(true);
  });
});
