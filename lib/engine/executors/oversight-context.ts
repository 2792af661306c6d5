// What an approval task shows its reviewer about the agents whose work it reviews: each agent's
// answer, confidence and rationale, taken from the step outputs that led to the approval (an agent
// directly, an agent's `escalate` path, or a Join of several agents, including a consensus Join's
// side-by-side answers). The lowest confidence is the task's confidence: the inbox badge and the
// "low confidence" filter use it, and the decision's audit record repeats it with the rationale.

export interface AgentSignal {
  name: string;
  answer: unknown;
  confidence: number | null;
  rationale: string;
  /** Why the agent escalated, when it did (low confidence, tool rounds, budget, approval needed). */
  escalated?: { reason: string; detail: string };
}

export interface OversightContext {
  confidence?: number;
  rationale?: string;
  agents?: AgentSignal[];
  consensus?: unknown;
}

const MAX_RATIONALE = 4000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** An agent node's output (lib/agents/agent-types AgentOutput), recognised by its shape. */
function asAgent(name: string, v: unknown): AgentSignal | null {
  if (!isRecord(v) || !("answer" in v) || typeof v.rationale !== "string" || !(typeof v.confidence === "number" || v.confidence === null)) {
    return null;
  }
  const esc = isRecord(v.escalated) ? { reason: String(v.escalated.reason), detail: String(v.escalated.detail ?? "") } : undefined;
  return {
    name,
    answer: v.answer,
    confidence: v.confidence as number | null,
    rationale: v.rationale.slice(0, MAX_RATIONALE),
    ...(esc ? { escalated: esc } : {}),
  };
}

export function oversightContext(sources: { name: string; output: unknown }[]): OversightContext {
  const agents: AgentSignal[] = [];
  let consensus: unknown;
  for (const s of sources) {
    const direct = asAgent(s.name, s.output);
    if (direct) {
      agents.push(direct);
      continue;
    }
    if (!isRecord(s.output)) continue;
    // a Join: its output holds each source's output under the source's name
    for (const [name, v] of Object.entries(s.output)) {
      const a = asAgent(name, v);
      if (a) agents.push(a);
    }
    if (s.output.consensus !== undefined) consensus = s.output.consensus;
  }
  if (agents.length === 0) return consensus === undefined ? {} : { consensus };
  const scored = agents.filter((a) => a.confidence !== null);
  const lowest = scored.length ? scored.reduce((m, a) => (a.confidence! < m.confidence! ? a : m)) : null;
  const rationale = agents.length === 1 ? agents[0].rationale : agents.map((a) => `${a.name}: ${a.rationale}`).join("\n\n");
  return {
    ...(lowest ? { confidence: lowest.confidence! } : {}),
    rationale: rationale.slice(0, MAX_RATIONALE),
    agents,
    ...(consensus !== undefined ? { consensus } : {}),
  };
}
