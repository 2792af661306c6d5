// Support triage started by the help desk's webhook: an agent classifies the ticket and drafts a
// reply; urgent tickets (or ones the agent is unsure about) page the on-call engineer instead.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { edge, layeredPositions, node, objectSchema, type WorkflowTemplate } from "./build";

/** The id is replaced by a fresh one (and a fresh secret) when a workflow is created from the template. */
const WEBHOOK_TRIGGER_ID = "helpdesk-ticket-created";

function supportTriage(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            ticketId: { type: "string" },
            subject: { type: "string" },
            body: { type: "string", description: "What the customer wrote" },
            customerEmail: { type: "string" },
          },
          ["ticketId", "subject", "body"],
        ),
        triggers: [
          {
            kind: "webhook",
            id: WEBHOOK_TRIGGER_ID,
            enabled: true,
            verification: "standard",
            mapping:
              '{ "ticketId": body.ticket.id, "subject": body.ticket.subject, "body": body.ticket.description, "customerEmail": body.ticket.requester.email }',
            allowedHeaders: [],
            respond: "accepted",
            waitSeconds: 10,
            maxBodyBytes: 1024 * 1024,
            rateLimitPerMinute: 600,
          },
        ],
      },
    }),
    node("agent", "classify", "Classify ticket", {
      config: {
        system:
          "You triage customer support tickets. Classify the ticket, judge its urgency (urgent means an outage, data loss or a security problem) and draft a short, polite first reply.",
        user: "Ticket {{ $.input.ticketId }}: {{ $.input.subject }}\n\n{{ $.input.body }}",
        responseSchema: {
          type: "object",
          required: ["category", "urgency", "reply"],
          properties: {
            category: { type: "string", enum: ["billing", "bug", "how-to", "account", "other"] },
            urgency: { type: "string", enum: ["normal", "urgent"] },
            reply: { type: "string" },
          },
        },
        confidenceThreshold: 0.6,
      },
    }),
    node("condition", "urgent", "Urgent?", {
      config: { branches: [{ id: "urgent", label: "Urgent", expression: '$.steps.`Classify ticket`.output.answer.urgency = "urgent"' }] },
    }),
    node("http", "draft", "Post draft reply", {
      config: {
        method: "POST",
        url: "https://helpdesk.example.com/v1/tickets/{{ $.input.ticketId }}/drafts",
        body: '{ "category": $.steps.`Classify ticket`.output.answer.category, "reply": $.steps.`Classify ticket`.output.answer.reply }',
      },
    }),
    node("end", "drafted", "Reply drafted", { config: { output: "$.steps.`Classify ticket`.output.answer", outcome: "drafted" } }),
    node("http", "page", "Page on-call", {
      retry: { maxAttempts: 3 },
      config: {
        method: "POST",
        url: "https://oncall.example.com/v1/pages",
        body: '{ "ticketId": $.input.ticketId, "summary": $.input.subject }',
      },
    }),
    node("end", "paged", "On-call paged", { config: { output: '{ "paged": true, "ticketId": $.input.ticketId }', outcome: "escalated" } }),
  ];
  const edges = [
    edge("start", "out", "classify"),
    edge("classify", "ok", "urgent"),
    edge("classify", "escalate", "page"),
    edge("urgent", "urgent", "page"),
    edge("urgent", "else", "draft"),
    edge("draft", "out", "drafted"),
    edge("page", "out", "paged"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const supportTriageTemplate: WorkflowTemplate = {
  id: "support-triage",
  name: "Support triage (webhook)",
  description:
    "The help desk's webhook starts a run per new ticket: an agent classifies it and drafts a reply, and urgent or unclear tickets page the on-call engineer.",
  highlights: ["Webhook trigger with mapping", "Agent with answer schema", "Condition", "HTTP"],
  credentials: ["Help desk API token (Post draft reply)"],
  sampleInput: {
    ticketId: "T-9001",
    subject: "Cannot download my invoice",
    body: "The download button on the billing page does nothing.",
    customerEmail: "sam@example.com",
  },
  build: supportTriage,
};
