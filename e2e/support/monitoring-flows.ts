// Workflow graphs the monitoring E2E publishes through the API: a parallel region with an approval
// (and an HTTP call to the app's own health endpoint), and a flow whose HTTP step fails.
const pos = (i: number, row = 0) => ({ x: i * 320, y: row * 160 });

export function parallelApprovalGraph(baseURL: string) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: pos(0), config: {} },
      {
        id: "enrich",
        kind: "transform",
        name: "Enrich",
        position: pos(1, -1),
        config: { expression: "{ 'doubled': $.input.amount * 2 }" },
      },
      {
        id: "check",
        kind: "http",
        name: "Check service",
        position: pos(1, 0),
        config: { method: "GET", url: `${baseURL}/api/health`, headers: [], timeoutMs: 10_000, responseType: "json" },
      },
      {
        id: "approve",
        kind: "approval",
        name: "Approve",
        position: pos(1, 1),
        config: {
          assignees: { users: [], roles: ["reviewer"] },
          instructions: "Approve the order of {{ $.input.customer }}",
          payload: "$.input",
        },
      },
      { id: "join", kind: "join", name: "Join", position: pos(2), config: { mode: "all" } },
      { id: "end", kind: "end", name: "Done", position: pos(3), config: { output: "$.steps.Enrich.output" } },
      { id: "rejected", kind: "end", name: "Rejected", position: pos(2, 2), config: { output: "'rejected'" } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "enrich", targetHandle: "in" },
      { id: "e2", source: "start", sourceHandle: "out", target: "check", targetHandle: "in" },
      { id: "e3", source: "start", sourceHandle: "out", target: "approve", targetHandle: "in" },
      { id: "e4", source: "enrich", sourceHandle: "out", target: "join", targetHandle: "in" },
      { id: "e5", source: "check", sourceHandle: "out", target: "join", targetHandle: "in" },
      { id: "e6", source: "approve", sourceHandle: "approved", target: "join", targetHandle: "in" },
      { id: "e7", source: "approve", sourceHandle: "rejected", target: "rejected", targetHandle: "in" },
      { id: "e8", source: "join", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

export function failingGraph(baseURL: string) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: pos(0), config: {} },
      { id: "prepare", kind: "transform", name: "Prepare", position: pos(1), config: { expression: "{ 'ref': $.input.customer }" } },
      {
        id: "call",
        kind: "http",
        name: "Call supplier",
        position: pos(2),
        config: { method: "GET", url: `${baseURL}/api/v1/this-route-does-not-exist`, headers: [], timeoutMs: 10_000, responseType: "json" },
      },
      { id: "end", kind: "end", name: "Done", position: pos(3), config: { output: "$.steps.`Call supplier`.output" } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "prepare", targetHandle: "in" },
      { id: "e2", source: "prepare", sourceHandle: "out", target: "call", targetHandle: "in" },
      { id: "e3", source: "call", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}

/** Start → Prepare → Label → Done: a rerun from Label with an edited Prepare output changes the label. */
export function chainGraph() {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: pos(0), config: {} },
      { id: "prepare", kind: "transform", name: "Prepare", position: pos(1), config: { expression: "{ 'ref': $.input.customer }" } },
      {
        id: "label",
        kind: "transform",
        name: "Label",
        position: pos(2),
        config: { expression: "{ 'label': 'Order ' & $.steps.Prepare.output.ref }" },
      },
      { id: "end", kind: "end", name: "Done", position: pos(3), config: { output: "$.steps.Label.output" } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "prepare", targetHandle: "in" },
      { id: "e2", source: "prepare", sourceHandle: "out", target: "label", targetHandle: "in" },
      { id: "e3", source: "label", sourceHandle: "out", target: "end", targetHandle: "in" },
    ],
  };
}
