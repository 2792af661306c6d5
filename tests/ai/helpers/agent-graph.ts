// Graphs with one agent node: start → agent → (ok) done / (escalate) review approval → after.
import { graph } from "@/tests/engine/helpers/graph";

export function agentConfig(providerId: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    providerId,
    model: "",
    system: "You are a claims assistant.",
    user: "Assess claim {{ $.input.claimId }}",
    tools: [],
    responseSchema: null,
    temperature: null,
    maxOutputTokens: 200,
    maxToolRounds: 5,
    timeoutMs: 10_000,
    confidenceThreshold: 0.5,
    repairAttempts: 1,
    memory: { enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: true },
    ...over,
  };
}

export function agentGraph(
  config: Record<string, unknown>,
  opts: { retry?: Record<string, unknown>; settings?: Record<string, unknown>; errorEdge?: boolean } = {},
): Record<string, unknown> {
  const b = graph()
    .start()
    .node({ id: "agent", kind: "agent", name: "Agent", config, retry: opts.retry })
    .end("done", "$.steps.Agent.output")
    .node({
      id: "review",
      kind: "approval",
      name: "Review",
      config: {
        assignees: { users: [], roles: ["reviewer"] },
        instructions: "Check the proposal",
        payload: "$.steps.Agent.output",
        separationOfDuties: false,
      },
    })
    .end("after", "$.steps.Review.output")
    .edge("start", "agent")
    .edge("agent", "done", "ok")
    .edge("agent", "review", "escalate")
    .edge("review", "after", "approved");
  if (opts.errorEdge) b.end("failed", "$.steps.Agent.output").edge("agent", "failed", "error");
  const doc = b.build();
  return opts.settings ? { ...doc, settings: opts.settings } : doc;
}

export const final = (answer: unknown, confidence = 0.9, rationale = "Checked the facts.") => ({ json: { answer, rationale, confidence } });
