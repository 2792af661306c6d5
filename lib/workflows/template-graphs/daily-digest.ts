// A scheduled report: every weekday morning yesterday's orders are fetched, an agent writes the digest
// and flags anomalies, finance is alerted when it found one, and the digest is posted either way.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { edge, layeredPositions, node, objectSchema, type WorkflowTemplate } from "./build";

function dailyDigest(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema({ region: { type: "string", description: "Sales region, e.g. EMEA" } }, ["region"]),
        triggers: [
          {
            kind: "schedule",
            id: "weekday-morning",
            enabled: true,
            cron: "0 7 * * 1-5",
            timezone: "Europe/Berlin",
            input: { region: "EMEA" },
            overlap: "skip",
            catchUp: "last",
            catchUpMax: 1,
          },
        ],
      },
    }),
    node("http", "orders", "Yesterday's orders", {
      retry: { maxAttempts: 3 },
      config: { method: "GET", url: "https://sales.example.com/v1/orders/summary?region={{ $.input.region }}&day=yesterday" },
    }),
    node("agent", "digest", "Write digest", {
      config: {
        system:
          "You write a short daily sales digest for the leadership team: the headline number, three highlights, and whether anything looks anomalous (a drop of more than 30 %, refunds spiking, a region missing).",
        user: "Region {{ $.input.region }}. Yesterday's figures: {{ $.steps.`Yesterday's orders`.output.body }}",
        responseSchema: {
          type: "object",
          required: ["headline", "highlights", "anomaly"],
          properties: {
            headline: { type: "string" },
            highlights: { type: "array", items: { type: "string" } },
            anomaly: { type: "boolean" },
          },
        },
        confidenceThreshold: 0,
      },
    }),
    node("condition", "anomalous", "Anomaly?", {
      config: { branches: [{ id: "anomaly", label: "Anomaly", expression: "$.steps.`Write digest`.output.answer.anomaly = true" }] },
    }),
    node("http", "alert", "Alert finance", {
      config: {
        method: "POST",
        url: "https://chat.example.com/v1/channels/finance/messages",
        body: '{ "text": "Anomaly in " & $.input.region & ": " & $.steps.`Write digest`.output.answer.headline }',
      },
    }),
    node("http", "post", "Post digest", {
      config: {
        method: "POST",
        url: "https://chat.example.com/v1/channels/sales/messages",
        body: '{ "text": $.steps.`Write digest`.output.answer.headline, "bullets": $.steps.`Write digest`.output.answer.highlights }',
      },
    }),
    node("end", "end", "Posted", { config: { output: "$.steps.`Write digest`.output.answer", outcome: "posted" } }),
  ];
  const edges = [
    edge("start", "out", "orders"),
    edge("orders", "out", "digest"),
    edge("digest", "ok", "anomalous"),
    edge("digest", "escalate", "anomalous"),
    edge("anomalous", "anomaly", "alert"),
    edge("anomalous", "else", "post"),
    edge("alert", "out", "post"),
    edge("post", "out", "end"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const dailyDigestTemplate: WorkflowTemplate = {
  id: "daily-digest",
  name: "Daily sales digest (scheduled)",
  description:
    "Every weekday at 07:00 (Berlin) an agent summarises yesterday's orders for the sales channel and alerts finance first when something looks anomalous.",
  highlights: ["Schedule trigger (cron)", "Agent", "Condition", "Paths that meet again"],
  credentials: ["Sales API token (Yesterday's orders)", "Chat bot token (Alert finance, Post digest)"],
  sampleInput: { region: "EMEA" },
  build: dailyDigest,
};
