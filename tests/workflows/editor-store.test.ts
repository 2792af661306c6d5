import { describe, expect, it } from "vitest";
import { EditorStore } from "@/components/editor/editor-store";
import { createNode } from "@/lib/model/create-node";
import type { DraftGraph } from "@/lib/model/draft-graph";
import { copySelection } from "@/lib/model/clipboard";

function graph(): DraftGraph {
  return {
    schemaVersion: 1,
    nodes: [
      createNode("start", { id: "start", name: "Start", position: { x: 0, y: 0 } }),
      createNode("transform", { id: "t", name: "Shape", position: { x: 320, y: 0 } }),
      createNode("end", { id: "end", name: "End", position: { x: 640, y: 0 } }),
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "t", targetHandle: "in" },
      { id: "e2", source: "t", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

describe("editor store", () => {
  it("round-trips the draft it was given", () => {
    expect(new EditorStore(graph()).toGraph()).toEqual(graph());
  });

  it("undoes and redoes every kind of edit, coalescing typing in one field", () => {
    const store = new EditorStore(graph());
    store.addNode("delay", { x: 100, y: 200 });
    store.updateNode("t", { name: "S" }, "name");
    store.updateNode("t", { name: "Sh" }, "name");
    store.updateNode("t", { name: "Shaped" }, "name");
    store.onConnect({ source: "t", sourceHandle: "error", target: "end", targetHandle: "in" });
    expect(store.toGraph().edges).toHaveLength(3);
    store.undo();
    expect(store.toGraph().edges).toHaveLength(2);
    store.undo();
    expect(store.toGraph().nodes.find((n) => n.id === "t")?.name).toBe("Shape");
    store.undo();
    expect(store.toGraph().nodes).toHaveLength(3);
    expect(store.getState().canUndo).toBe(false);
    store.redo();
    store.redo();
    expect(store.toGraph().nodes.find((n) => n.id === "t")?.name).toBe("Shaped");
    expect(store.getState().canRedo).toBe(true);
  });

  it("records a drag as one step and ignores selection for saving", () => {
    const store = new EditorStore(graph());
    const v0 = store.getState().version;
    store.onNodesChange([{ type: "select", id: "t", selected: true }]);
    expect(store.getState().version).toBe(v0);
    store.beginMove();
    store.onNodesChange([{ type: "position", id: "t", position: { x: 330, y: 10 }, dragging: true }]);
    store.onNodesChange([{ type: "position", id: "t", position: { x: 400, y: 40 }, dragging: true }]);
    expect(store.getState().version).toBe(v0);
    store.onNodesChange([{ type: "position", id: "t", position: { x: 416, y: 48 }, dragging: false }]);
    store.endMove();
    expect(store.getState().version).toBe(v0 + 1);
    expect(store.toGraph().nodes[1].position).toEqual({ x: 416, y: 48 });
    store.undo();
    expect(store.toGraph().nodes[1].position).toEqual({ x: 320, y: 0 });
  });

  it("holds React Flow's measurements back from the canvas while a drag runs, until the drag's next frame or the drop", () => {
    const store = new EditorStore(graph());
    const measure = (id: string, height: number) =>
      store.onNodesChange([{ type: "dimensions", id, dimensions: { width: 248, height }, setAttributes: false }]);
    measure("end", 60);
    expect(store.getState().canvasNodes).toBe(store.getState().nodes);

    store.beginMove();
    const before = store.getState().canvasNodes;
    measure("end", 61);
    expect(store.getState().canvasNodes).toBe(before);
    expect(store.getState().nodes.find((n) => n.id === "end")?.measured).toEqual({ width: 248, height: 61 });
    store.onNodesChange([{ type: "position", id: "t", position: { x: 336, y: 0 }, dragging: true }]);
    expect(store.getState().canvasNodes).toBe(store.getState().nodes);
    expect(store.getState().canvasNodes.find((n) => n.id === "end")?.measured?.height).toBe(61);

    measure("start", 50);
    expect(store.getState().canvasNodes).not.toBe(store.getState().nodes);
    store.endMove();
    expect(store.getState().canvasNodes).toBe(store.getState().nodes);
  });

  it("hands a running drag's frames to the attached sink instead of the canvas nodes, and catches the canvas up at the drop", () => {
    const store = new EditorStore(graph());
    const sent: string[][] = [];
    const detach = store.attachDragSink((moved) => sent.push(moved.map((n) => `${n.id}@${n.position.x},${n.position.y}`)));
    const canvas = store.getState().canvasNodes;
    store.onNodesChange([{ type: "select", id: "t", selected: true }]);
    expect(sent).toEqual([]);
    expect(store.getState().canvasNodes).not.toBe(canvas);

    store.beginMove();
    const atStart = store.getState().canvasNodes;
    store.onNodesChange([{ type: "position", id: "t", position: { x: 336, y: 0 }, dragging: true }]);
    store.onNodesChange([{ type: "position", id: "t", position: { x: 352, y: 16 }, dragging: true }]);
    expect(sent).toEqual([["t@336,0"], ["t@352,16"]]);
    expect(store.getState().canvasNodes).toBe(atStart);
    // The store itself follows the drag (what autosave, undo and the inspector read).
    expect(store.toGraph().nodes[1].position).toEqual({ x: 352, y: 16 });

    // The drop is not a drag frame: it reaches the canvas nodes, with every held-back frame.
    store.onNodesChange([{ type: "position", id: "t", position: { x: 368, y: 16 }, dragging: false }]);
    store.endMove();
    expect(sent).toHaveLength(2);
    expect(store.getState().canvasNodes).toBe(store.getState().nodes);
    expect(store.getState().canvasNodes.find((n) => n.id === "t")?.position).toEqual({ x: 368, y: 16 });
    store.undo();
    expect(store.toGraph().nodes[1].position).toEqual({ x: 320, y: 0 });

    // Detached (the canvas unmounted), drag frames take the canvas nodes again.
    detach();
    store.beginMove();
    store.onNodesChange([{ type: "position", id: "t", position: { x: 336, y: 0 }, dragging: true }]);
    expect(sent).toHaveLength(2);
    expect(store.getState().canvasNodes).toBe(store.getState().nodes);
    store.endMove();
  });

  it("hides the error output and removes its edges; pastes with fresh ids", () => {
    const store = new EditorStore(graph());
    store.setErrorHandle("t", true);
    store.onConnect({ source: "t", sourceHandle: "error", target: "end", targetHandle: "in" });
    expect(store.getState().edges.find((e) => e.sourceHandle === "error")?.className).toBe("sy-edge-error");
    store.setErrorHandle("t", false);
    expect(store.toGraph().edges.some((e) => e.sourceHandle === "error")).toBe(false);

    const payload = copySelection(store.toGraph(), new Set(["t"]))!;
    const result = store.paste(payload, { x: 0, y: 300 });
    expect(result).toEqual({ pasted: 1, skippedStart: 0, droppedWebhooks: 0 });
    const pasted = store.getState().nodes.filter((n) => n.selected);
    expect(pasted).toHaveLength(1);
    expect(pasted[0].data.name).toBe("Shape 2");
    store.undo();
    expect(store.toGraph().nodes).toHaveLength(3);
  });

  it("deletes nodes with their edges and prunes edges from vanished handles", () => {
    const store = new EditorStore({
      ...graph(),
      nodes: [...graph().nodes, createNode("condition", { id: "c", name: "Check", position: { x: 0, y: 200 } })],
      edges: [...graph().edges, { id: "e3", source: "c", sourceHandle: "if", target: "end", targetHandle: "in" }],
    });
    store.updateNode("c", { config: { branches: [{ id: "big", label: "Big", expression: "true" }] } });
    store.pruneEdges((e) => e.source !== "c" || ["big", "else", "error"].includes(e.sourceHandle ?? ""));
    expect(store.toGraph().edges.map((e) => e.id)).toEqual(["e1", "e2"]);
    store.deleteNodes(["t"]);
    expect(store.toGraph().edges).toEqual([]);
    store.undo();
    expect(store.toGraph().edges.map((e) => e.id)).toEqual(["e1", "e2"]);
  });
});
