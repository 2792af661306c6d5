// A consensus of agents: three adjusters look at the same claim from different angles; when they
// agree (same decision, confidences close) the claim is settled automatically, otherwise a claims
// handler sees every answer side by side and decides.
import type { DraftGraph, DraftNode } from "@/lib/model/draft-graph";
import { edge, layeredPositions, node, objectSchema, type WorkflowTemplate } from "./build";

function adjuster(id: string, name: string, angle: string): DraftNode {
  return node("agent", id, name, {
    config: {
      system: `You are an insurance claims adjuster. Judge the claim from the angle of ${angle}. Decide pay or deny, and the amount to pay.`,
      user: "Claim {{ $.input.claimId }} for {{ $.input.amount }} EUR: {{ $.input.description }}\nPolicy: {{ $.steps.`Load policy`.output.body }}",
      responseSchema: {
        type: "object",
        required: ["decision", "amount"],
        properties: { decision: { type: "string", enum: ["pay", "deny"] }, amount: { type: "number" } },
      },
      confidenceThreshold: 0,
    },
  });
}

const ANSWER = (name: string) => `$.steps.\`${name}\`.output.answer`;

function claimConsensus(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            claimId: { type: "string" },
            policyId: { type: "string" },
            amount: { type: "number", description: "Claimed amount (EUR)" },
            description: { type: "string", description: "What happened, in the claimant's words" },
          },
          ["claimId", "policyId", "amount", "description"],
        ),
      },
    }),
    node("http", "policy", "Load policy", {
      retry: { maxAttempts: 3 },
      config: { method: "GET", url: "https://policies.example.com/v1/policies/{{ $.input.policyId }}" },
    }),
    adjuster("coverage", "Coverage check", "what the policy covers and its exclusions"),
    adjuster("fraud", "Fraud check", "signs of fraud or an inflated amount"),
    adjuster("cost", "Cost check", "what a fair repair or replacement costs"),
    node("join", "agree", "Adjusters agree?", {
      config: { mode: "all", consensus: { enabled: true, fields: "decision", maxConfidenceSpread: 0.3 } },
    }),
    node("condition", "pay", "Pay?", {
      config: { branches: [{ id: "pay", label: "Pay", expression: `${ANSWER("Coverage check")}.decision = "pay"` }] },
    }),
    node("approval", "handler", "Claims handler", {
      config: {
        assignees: { users: [], roles: ["reviewer"] },
        instructions:
          "The adjusters disagree on claim **{{ $.input.claimId }}** ({{ $.input.amount }} EUR). Their answers are shown side by side; approve to pay the amount below (edit it if needed), reject to deny.",
        payload: `{ "amount": ${ANSWER("Cost check")}.amount }`,
        editableSchema: { type: "object", properties: { amount: { type: "number", description: "Amount to pay (EUR)" } } },
        dueInMs: 3 * 86_400_000,
      },
    }),
    node("http", "payout", "Issue payment", {
      nonIdempotent: true,
      config: {
        method: "POST",
        url: "https://payments.example.com/v1/payouts",
        body: `{ "claimId": $.input.claimId, "amount": $exists($.steps.\`Claims handler\`.output.payload.amount) ? $.steps.\`Claims handler\`.output.payload.amount : ${ANSWER("Cost check")}.amount }`,
      },
    }),
    node("end", "paid", "Paid", { config: { output: "$.steps.`Issue payment`.output.body", outcome: "paid" } }),
    node("end", "denied", "Denied", { config: { output: '{ "claimId": $.input.claimId, "paid": false }', outcome: "denied" } }),
  ];
  const edges = [
    edge("start", "out", "policy"),
    ...["coverage", "fraud", "cost"].flatMap((a) => [edge("policy", "out", a), edge(a, "ok", "agree"), edge(a, "escalate", "agree")]),
    edge("agree", "out", "pay"),
    edge("agree", "escalate", "handler"),
    edge("pay", "pay", "payout"),
    edge("pay", "else", "denied"),
    edge("handler", "approved", "payout"),
    edge("handler", "rejected", "denied"),
    edge("handler", "timeout", "denied"),
    edge("payout", "out", "paid"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const claimConsensusTemplate: WorkflowTemplate = {
  id: "claim-consensus",
  name: "Insurance claim by consensus",
  description:
    "Three adjuster agents judge a claim in parallel; when they agree it is paid or denied at once, when they disagree a claims handler sees all three answers and decides.",
  highlights: ["Three parallel agents", "Join with consensus", "Approval on disagreement", "Editable amount"],
  credentials: ["Payment provider API key (Issue payment)"],
  sampleInput: { claimId: "CL-311", policyId: "P-88", amount: 1250, description: "Water damage to the kitchen floor after a pipe burst." },
  build: claimConsensus,
};
