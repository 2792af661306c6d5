// Workflow templates: starting points built only from the node kinds in lib/model (each one
// passes validateGraph without errors and runs to completion against the fake model and a local HTTP
// stub: tests/workflows/templates.test.ts, template-runs.test.ts). External systems are placeholder
// URLs on example.com, named so it is obvious what to point them at (template-endpoints.ts lists them).
import type { DraftGraph, DraftNode } from "@/lib/model/draft-graph";
import {
  edge,
  helperPlaceholder,
  layeredPositions,
  node,
  objectSchema,
  type TemplateHelper,
  type WorkflowTemplate,
} from "./template-graphs/build";
import { claimConsensusTemplate } from "./template-graphs/claim-consensus";
import { dailyDigestTemplate } from "./template-graphs/daily-digest";
import { documentReviewTemplate } from "./template-graphs/document-review";
import { employeeOnboardingTemplate } from "./template-graphs/employee-onboarding";
import { identityVerificationTemplate } from "./template-graphs/identity-verification";
import { orderSagaTemplate } from "./template-graphs/order-saga";
import { supportTriageTemplate } from "./template-graphs/support-triage";

export { helperPlaceholder, layeredPositions, type TemplateHelper, type WorkflowTemplate };

function loanOrigination(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            applicantId: { type: "string", description: "Applicant id in the CRM" },
            amount: { type: "number", description: "Requested amount (EUR)" },
            annualIncome: { type: "number", description: "Declared yearly income (EUR)" },
          },
          ["applicantId", "amount", "annualIncome"],
        ),
        trigger: "both",
      },
    }),
    node("http", "credit", "Credit check", {
      retry: { maxAttempts: 3, initialIntervalMs: 2000 },
      config: {
        method: "POST",
        url: "https://credit-bureau.example.com/v1/scores",
        body: '{ "applicantId": $.input.applicantId }',
      },
    }),
    node("agent", "assess", "Assess risk", {
      config: {
        system: "You are a loan underwriter. Weigh affordability (amount vs income) and the credit score. Be conservative.",
        user: "Application: {{ $.input }}\nCredit report: {{ $.steps.`Credit check`.output.body }}",
        responseSchema: {
          type: "object",
          required: ["recommendation", "reason"],
          properties: { recommendation: { type: "string", enum: ["approve", "decline"] }, reason: { type: "string" } },
        },
        confidenceThreshold: 0.7,
      },
    }),
    node("condition", "route", "Route by amount", {
      config: { branches: [{ id: "large", label: "Over 50,000", expression: "$.input.amount > 50000" }] },
    }),
    node("approval", "underwriter", "Underwriter approval", {
      config: {
        assignees: { users: [], roles: ["reviewer"] },
        instructions:
          'Loan of **{{ $.input.amount }} EUR** for applicant {{ $.input.applicantId }}.\n\nAgent assessment: {{ $exists($.steps.`Assess risk`.output.recommendation) ? $.steps.`Assess risk`.output.recommendation & " — " & $.steps.`Assess risk`.output.reason : "none (the risk assessment did not run on this path: the credit check failed, so check the application yourself)" }}',
        payload: '{ "amount": $.input.amount, "rate": 0.059 }',
        editableSchema: { type: "object", properties: { amount: { type: "number" }, rate: { type: "number" } } },
        dueInMs: 2 * 86_400_000,
      },
    }),
    node("transform", "offer", "Prepare offer", {
      config: {
        expression:
          '{ "applicantId": $.input.applicantId, "amount": $exists($.steps.`Underwriter approval`.output.payload.amount) ? $.steps.`Underwriter approval`.output.payload.amount : $.input.amount, "rate": 0.059 }',
      },
    }),
    node("http", "send", "Send offer", {
      nonIdempotent: true,
      config: { method: "POST", url: "https://crm.example.com/v1/offers", body: "$.steps.`Prepare offer`.output" },
    }),
    node("end", "approved", "Offer sent", { config: { output: "$.steps.`Prepare offer`.output" } }),
    node("transform", "decline", "Decline letter", {
      config: { expression: '{ "applicantId": $.input.applicantId, "decision": "declined" }' },
    }),
    node("end", "declined", "Declined", { config: { output: "$.steps.`Decline letter`.output" } }),
  ];
  const edges = [
    edge("start", "out", "credit"),
    edge("credit", "out", "assess"),
    edge("credit", "error", "underwriter"),
    edge("assess", "ok", "route"),
    edge("assess", "escalate", "underwriter"),
    edge("route", "large", "underwriter"),
    edge("route", "else", "offer"),
    edge("underwriter", "approved", "offer"),
    edge("underwriter", "rejected", "decline"),
    edge("underwriter", "timeout", "decline"),
    edge("offer", "out", "send"),
    edge("send", "out", "approved"),
    edge("decline", "out", "declined"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

function appointmentScheduling(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            patientName: { type: "string" },
            email: { type: "string", description: "Where confirmations go" },
            preferredDate: { type: "string", description: "ISO date, e.g. 2026-03-14" },
            reason: { type: "string" },
          },
          ["patientName", "email", "preferredDate"],
        ),
      },
    }),
    node("http", "slots", "Find slots", {
      retry: { maxAttempts: 3 },
      config: { method: "GET", url: "https://calendar.example.com/v1/slots?date={{ $.input.preferredDate }}" },
    }),
    node("condition", "available", "Slot available?", {
      config: { branches: [{ id: "yes", label: "Slot free", expression: "$count($.steps.`Find slots`.output.body.slots) > 0" }] },
    }),
    node("approval", "frontdesk", "Front desk", {
      config: {
        assignees: { users: [], roles: ["reviewer"] },
        instructions: "No free slot on {{ $.input.preferredDate }} for {{ $.input.patientName }} ({{ $.input.reason }}). Propose a slot.",
        payload: '{ "slot": $.input.preferredDate }',
        editableSchema: { type: "object", properties: { slot: { type: "string", description: "ISO date-time" } } },
        dueInMs: 4 * 3_600_000,
        escalation: [{ to: { type: "role", id: "admin" }, afterMs: 2 * 3_600_000 }],
      },
    }),
    node("http", "book", "Book slot", {
      nonIdempotent: true,
      config: {
        method: "POST",
        url: "https://calendar.example.com/v1/bookings",
        body: '{ "patient": $.input.patientName, "slot": $exists($.steps.`Front desk`.output.payload.slot) ? $.steps.`Front desk`.output.payload.slot : $.steps.`Find slots`.output.body.slots[0] }',
      },
    }),
    node("http", "confirm", "Send confirmation", {
      config: {
        method: "POST",
        url: "https://mail.example.com/v1/send",
        body: '{ "to": $.input.email, "template": "appointment-confirmed", "booking": $.steps.`Book slot`.output.body }',
      },
    }),
    node("wait_until", "daybefore", "Day before", { config: { until: "$.steps.`Book slot`.output.body.remindAt" } }),
    node("http", "remind", "Send reminder", {
      config: {
        method: "POST",
        url: "https://mail.example.com/v1/send",
        body: '{ "to": $.input.email, "template": "appointment-reminder" }',
      },
    }),
    node("end", "booked", "Booked", { config: { output: "$.steps.`Book slot`.output.body" } }),
    node("http", "sorry", "Notify no slot", {
      config: { method: "POST", url: "https://mail.example.com/v1/send", body: '{ "to": $.input.email, "template": "no-slot" }' },
    }),
    node("end", "notbooked", "Not booked", { config: { output: '{ "booked": false }' } }),
  ];
  const edges = [
    edge("start", "out", "slots"),
    edge("slots", "out", "available"),
    edge("available", "yes", "book"),
    edge("available", "else", "frontdesk"),
    edge("frontdesk", "approved", "book"),
    edge("frontdesk", "rejected", "sorry"),
    edge("frontdesk", "timeout", "sorry"),
    edge("book", "out", "confirm"),
    edge("confirm", "out", "daybefore"),
    edge("daybefore", "out", "remind"),
    edge("remind", "out", "booked"),
    edge("sorry", "out", "notbooked"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

function reviewAgent(id: string, name: string, focus: string): DraftNode {
  return node("agent", id, name, {
    config: {
      system: `You review contracts for ${focus}. Flag anything that needs a human.`,
      user: "Contract {{ $.input.contractId }} with {{ $.input.counterparty }}:\n{{ $.steps.`Load contract`.output.body.text }}",
      responseSchema: {
        type: "object",
        required: ["risk", "notes"],
        properties: { risk: { type: "string", enum: ["low", "medium", "high"] }, notes: { type: "string" } },
      },
    },
  });
}

const PRICE_BENCHMARK_INPUT = objectSchema(
  {
    category: { type: "string", description: "What the contract buys, e.g. cloud hosting" },
    annualValue: { type: "number", description: "EUR per year" },
  },
  ["category", "annualValue"],
);
const NEGOTIATION_INPUT = objectSchema(
  {
    contractId: { type: "string" },
    issues: { type: "string", description: "What the reviews flagged and what to change" },
  },
  ["contractId", "issues"],
);

/** Helper of the contract renewal: what the market pays for the same thing (called by the supervisor). */
function priceBenchmark(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", { config: { inputSchema: PRICE_BENCHMARK_INPUT } }),
    node("http", "market", "Market price", {
      retry: { maxAttempts: 3 },
      config: {
        method: "GET",
        url: "https://pricing.example.com/v1/benchmarks?category={{ $.input.category }}&annualValue={{ $.input.annualValue }}",
      },
    }),
    node("end", "end", "Benchmark", { config: { output: "$.steps.`Market price`.output.body" } }),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges: [edge("start", "out", "market"), edge("market", "out", "end")] });
}

/** Helper of the contract renewal: a negotiation agent drafts counter-terms (an agent called by an agent). */
function negotiationBrief(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", { config: { inputSchema: NEGOTIATION_INPUT } }),
    node("agent", "negotiator", "Negotiator", {
      config: {
        system: "You are a procurement negotiator. Draft counter-terms that fix the issues, and state the walk-away point.",
        user: "Contract {{ $.input.contractId }}. Issues: {{ $.input.issues }}",
        responseSchema: {
          type: "object",
          required: ["counterTerms", "walkAwayPoint"],
          properties: { counterTerms: { type: "string" }, walkAwayPoint: { type: "string" } },
        },
        confidenceThreshold: 0,
      },
    }),
    node("end", "end", "Brief", { config: { output: "$.steps.Negotiator.output.answer" } }),
  ];
  const edges = [edge("start", "out", "negotiator"), edge("negotiator", "ok", "end"), edge("negotiator", "escalate", "end")];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

const CONTRACT_HELPERS: readonly TemplateHelper[] = [
  {
    key: "priceBenchmark",
    name: "Price benchmark",
    description: "Market price for a contract category (called by the contract renewal's supervisor agent).",
    build: priceBenchmark,
  },
  {
    key: "negotiationBrief",
    name: "Negotiation brief",
    description: "A negotiation agent drafts counter-terms (called by the contract renewal's supervisor agent).",
    build: negotiationBrief,
  },
];

function contractRenewal(helperIds: Readonly<Record<string, string>> = {}): DraftGraph {
  const helper = (key: string) => helperIds[key] ?? helperPlaceholder(key);
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            contractId: { type: "string" },
            counterparty: { type: "string" },
            category: { type: "string", description: "What the contract buys" },
            annualValue: { type: "number", description: "EUR per year" },
            renewalDate: { type: "string", description: "ISO date" },
          },
          ["contractId", "counterparty", "renewalDate"],
        ),
      },
    }),
    node("http", "load", "Load contract", {
      retry: { maxAttempts: 3 },
      config: { method: "GET", url: "https://contracts.example.com/v1/contracts/{{ $.input.contractId }}" },
    }),
    reviewAgent("legal", "Legal review", "legal terms, liability and termination clauses"),
    reviewAgent("finance", "Finance review", "pricing, payment terms and indexation"),
    reviewAgent("security", "Security review", "data protection and security obligations"),
    node("join", "reviews", "All reviews", { config: { mode: "all" } }),
    node("agent", "supervisor", "Renewal supervisor", {
      config: {
        system:
          "You decide how to handle a contract renewal from three specialist reviews. Call benchmark_price to compare the price with the market. When a review flags a problem, call negotiation_brief so the negotiation agent drafts counter-terms. Recommend renew, renegotiate or decline.",
        user: "Contract {{ $.input.contractId }} with {{ $.input.counterparty }} ({{ $.input.category }}, {{ $.input.annualValue }} EUR/year).\nLegal: {{ $.steps.`Legal review`.output.answer }}\nFinance: {{ $.steps.`Finance review`.output.answer }}\nSecurity: {{ $.steps.`Security review`.output.answer }}",
        tools: [
          {
            name: "benchmark_price",
            description: "What the market pays per year for this category of contract.",
            type: "workflow",
            requiresApproval: false,
            method: "GET",
            url: "",
            workflowId: helper("priceBenchmark"),
            version: "",
            argsSchema: PRICE_BENCHMARK_INPUT,
          },
          {
            name: "negotiation_brief",
            description: "Asks the negotiation agent for counter-terms that fix the issues the reviews raised.",
            type: "workflow",
            requiresApproval: false,
            method: "GET",
            url: "",
            workflowId: helper("negotiationBrief"),
            version: "",
            argsSchema: NEGOTIATION_INPUT,
          },
        ],
        responseSchema: {
          type: "object",
          required: ["recommendation", "summary"],
          properties: {
            recommendation: { type: "string", enum: ["renew", "renegotiate", "decline"] },
            summary: { type: "string" },
            counterTerms: { type: "string" },
          },
        },
        confidenceThreshold: 0.6,
      },
    }),
    node("approval", "approve", "Renewal approval", {
      config: {
        assignees: { users: [], roles: ["reviewer", "admin"] },
        instructions:
          "Renew contract **{{ $.input.contractId }}** with {{ $.input.counterparty }} ({{ $.input.annualValue }} EUR/year) on {{ $.input.renewalDate }}?\n\nSupervisor: {{ $.steps.`Renewal supervisor`.output.answer }}\n\nRationale: {{ $.steps.`Renewal supervisor`.output.rationale }} (confidence {{ $.steps.`Renewal supervisor`.output.confidence }})",
        payload:
          '{ "contractId": $.input.contractId, "renewalDate": $.input.renewalDate, "recommendation": $.steps.`Renewal supervisor`.output.answer }',
        quorum: 2,
        dueInMs: 5 * 86_400_000,
      },
    }),
    node("http", "renew", "Send renewal", {
      nonIdempotent: true,
      config: { method: "POST", url: "https://contracts.example.com/v1/renewals", body: "$.steps.`Renewal approval`.output.payload" },
    }),
    node("end", "renewed", "Renewed", { config: { output: "$.steps.`Send renewal`.output.body" } }),
    node("http", "notify", "Notify owner", {
      config: {
        method: "POST",
        url: "https://mail.example.com/v1/send",
        body: '{ "template": "renewal-declined", "contractId": $.input.contractId }',
      },
    }),
    node("end", "notrenewed", "Not renewed", { config: { output: '{ "renewed": false }' } }),
  ];
  const edges = [
    edge("start", "out", "load"),
    edge("load", "out", "legal"),
    edge("load", "out", "finance"),
    edge("load", "out", "security"),
    edge("legal", "ok", "reviews"),
    edge("legal", "escalate", "reviews"),
    edge("finance", "ok", "reviews"),
    edge("finance", "escalate", "reviews"),
    edge("security", "ok", "reviews"),
    edge("security", "escalate", "reviews"),
    edge("reviews", "out", "supervisor"),
    edge("supervisor", "ok", "approve"),
    edge("supervisor", "escalate", "approve"),
    edge("approve", "approved", "renew"),
    edge("approve", "rejected", "notify"),
    edge("approve", "timeout", "notify"),
    edge("renew", "out", "renewed"),
    edge("notify", "out", "notrenewed"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const workflowTemplates: readonly WorkflowTemplate[] = [
  {
    id: "loan-origination",
    name: "Loan origination",
    description: "Credit check, an agent's risk assessment, and an underwriter for large or uncertain loans before the offer goes out.",
    highlights: ["HTTP with retries", "Agent with escalation", "Condition", "Approval with editable terms"],
    sampleInput: { applicantId: "A-1042", amount: 72000, annualIncome: 96000 },
    build: loanOrigination,
  },
  {
    id: "appointment-scheduling",
    name: "Appointment scheduling with escalation",
    description:
      "Books a free slot, or asks the front desk (escalating to an admin after 2 hours), then confirms and reminds the day before.",
    highlights: ["Condition", "Approval with due time and escalation", "Wait until", "HTTP"],
    sampleInput: { patientName: "Ada Lovelace", email: "ada@example.com", preferredDate: "2026-03-14", reason: "Check-up" },
    build: appointmentScheduling,
  },
  {
    id: "contract-renewal",
    name: "Contract renewal",
    description:
      "Legal, finance and security agents review in parallel; after the join a supervisor agent calls two helper workflows as tools (a price benchmark and a negotiation agent, created and published with it) before a two-person approval.",
    highlights: ["Three parallel agents", "Join (all)", "Supervisor agent with workflow tools", "Approval with quorum 2"],
    helpers: CONTRACT_HELPERS,
    sampleInput: {
      contractId: "C-2291",
      counterparty: "Northwind Hosting",
      category: "cloud hosting",
      annualValue: 180000,
      renewalDate: "2026-06-30",
    },
    build: contractRenewal,
  },
  orderSagaTemplate,
  supportTriageTemplate,
  dailyDigestTemplate,
  claimConsensusTemplate,
  documentReviewTemplate,
  identityVerificationTemplate,
  employeeOnboardingTemplate,
];

export function findTemplate(id: string): WorkflowTemplate | undefined {
  return workflowTemplates.find((t) => t.id === id);
}
