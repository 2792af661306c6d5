import { IN_HANDLES } from "../handles";
import { exprField, truncate } from "./fields";
import { defineNodeKind } from "./types";
import type { AgentConfig } from "./agent.config";

/** Tool kinds an agent may call: an HTTP endpoint, a published workflow (a child run), memory. */
export const AGENT_TOOL_TYPES = ["http", "workflow", "remember", "recall", "mcp"] as const;

export const AGENT_HANDLES = { ok: "ok", escalate: "escalate" } as const;

export const MAX_TOOL_ROUNDS = 50;

export const agentKind = defineNodeKind<"agent", AgentConfig>({
  kind: "agent",
  label: "Agent",
  description: "A model reasons with tools and answers with a rationale and a confidence; low confidence escalates.",
  category: "ai",
  icon: "Bot",
  defaults: {
    providerId: null,
    model: "",
    fallbacks: [],
    system: "You are a careful assistant. Use the tools when you need facts.",
    user: "{{ $.input }}",
    tools: [],
    responseSchema: null,
    temperature: null,
    maxOutputTokens: 1024,
    maxToolRounds: 5,
    timeoutMs: 120_000,
    confidenceThreshold: 0.5,
    repairAttempts: 1,
    memory: { enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: true },
  },
  inputs: IN_HANDLES,
  outputs: () => [
    { id: AGENT_HANDLES.ok, label: "OK" },
    { id: AGENT_HANDLES.escalate, label: "Escalate" },
  ],
  hasErrorOutput: true,
  effect: true,
  waits: false,
  undoable: true,
  expressionFields: (config) => [
    ...exprField("system", "template", config.system),
    ...exprField("user", "template", config.user),
    ...(config.memory.enabled ? exprField("memory.subjectExpression", "expression", config.memory.subjectExpression) : []),
    ...config.tools.flatMap((t, i) => (t.type === "http" ? exprField(`tools[${i}].url`, "template", t.url) : [])),
  ],
  summary: (config) => {
    const tools = config.tools.length ? ` · ${config.tools.length} tool${config.tools.length === 1 ? "" : "s"}` : "";
    return `${truncate(config.model || "default model", 24)}${tools} · escalate < ${config.confidenceThreshold}`;
  },
});
