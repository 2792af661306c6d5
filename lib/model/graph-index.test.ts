import { describe, expect, it } from "vitest";
import valid from "./fixtures/valid-loan-approval.json";
import {
  ancestorsOf,
  findCycles,
  GraphCycleError,
  incomingEdges,
  indexGraph,
  outgoingByHandle,
  reachableFrom,
  topologicalOrder,
} from "./graph-index";
import { parseGraph } from "./graph-schema";

const graph = (() => {
  const result = parseGraph(valid);
  if (!result.success) throw new Error(result.error.message);
  return result.data;
})();

const e = (id: string, source: string, target: string, sourceHandle = "out") => ({ id, source, target, sourceHandle });
const nodes = (...ids: string[]) => ids.map((id) => ({ id }));

describe("graph index", () => {
  const index = indexGraph(graph);

  it("groups outgoing edges by handle", () => {
    const byHandle = outgoingByHandle(index, "route");
    expect([...byHandle.keys()]).toEqual(["large", "risky", "else"]);
    expect(
      outgoingByHandle(index, "credit")
        .get("error")!
        .map((x) => x.target),
    ).toEqual(["failed"]);
  });

  it("lists incoming edges", () => {
    expect(incomingEdges(index, "prepare").map((x) => x.id)).toEqual(["e6", "e7", "e11"]);
    expect(incomingEdges(index, "start")).toEqual([]);
  });

  it("orders nodes topologically", () => {
    const order = topologicalOrder(graph);
    expect(order).toHaveLength(graph.nodes.length);
    const at = new Map(order.map((id, i) => [id, i]));
    for (const edge of graph.edges) expect(at.get(edge.source)!).toBeLessThan(at.get(edge.target)!);
    expect(order[0]).toBe("start");
  });

  it("throws on cycles unless the back-edge is ignored", () => {
    const cyclic = { nodes: nodes("a", "b", "c"), edges: [e("1", "a", "b"), e("2", "b", "c"), e("3", "c", "b")] };
    expect(() => topologicalOrder(cyclic)).toThrow(GraphCycleError);
    expect(topologicalOrder(cyclic, { ignoreEdge: (x) => x.id === "3" })).toEqual(["a", "b", "c"]);
  });

  it("finds ancestors and reachable nodes", () => {
    expect([...ancestorsOf(index, "window")].sort()).toEqual(["cooloff", "credit", "route", "start"]);
    expect(reachableFrom(index, ["approval"])).toEqual(new Set(["approval", "prepare", "rejected", "notify", "audit", "done", "finished"]));
  });

  it("finds cycles including self-loops, ignoring dangling edges", () => {
    const g = indexGraph({
      nodes: nodes("a", "b", "c", "d", "s"),
      edges: [e("1", "a", "b"), e("2", "b", "c"), e("3", "c", "a"), e("4", "s", "s"), e("5", "d", "ghost")],
    });
    expect(findCycles(g)).toEqual([["a", "b", "c"], ["s"]]);
    expect(findCycles(index)).toEqual([]);
  });
});
