// The graph a new workflow starts with: a Start wired to an End, so it is valid from the first save.
export function defaultGraph() {
  return {
    schemaVersion: 1 as const,
    nodes: [
      {
        id: "start",
        kind: "start" as const,
        name: "Start",
        config: { inputSchema: { type: "object", properties: {} } },
        position: { x: 0, y: 0 },
      },
      { id: "end", kind: "end" as const, name: "End", config: {}, position: { x: 352, y: 0 } },
    ],
    edges: [{ id: "start-end", source: "start", sourceHandle: "out", target: "end", targetHandle: "in" }],
  };
}
