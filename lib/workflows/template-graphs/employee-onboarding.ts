// Employee onboarding: accounts and equipment are ordered in parallel while an agent writes the first
// week's plan; once all three are done the run sleeps until the start date (a timer row, not a
// worker) and then sends the welcome message.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { edge, layeredPositions, node, objectSchema, type WorkflowTemplate } from "./build";

function employeeOnboarding(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            employeeId: { type: "string" },
            name: { type: "string", "x-personal": true },
            email: { type: "string", "x-personal": true, description: "Work address" },
            team: { type: "string" },
            role: { type: "string", description: "Job title" },
            startDate: { type: "string", description: "ISO date-time of the first morning" },
          },
          ["employeeId", "name", "email", "team", "role", "startDate"],
        ),
        subjectExpression: "$.input.employeeId",
      },
    }),
    node("http", "accounts", "Create accounts", {
      config: {
        method: "POST",
        url: "https://directory.example.com/v1/users",
        body: '{ "employeeId": $.input.employeeId, "name": $.input.name, "email": $.input.email, "groups": [$.input.team] }',
      },
    }),
    node("http", "laptop", "Order laptop", {
      nonIdempotent: true,
      config: {
        method: "POST",
        url: "https://it-shop.example.com/v1/orders",
        body: '{ "employeeId": $.input.employeeId, "item": "standard-laptop", "deliverBy": $.input.startDate }',
      },
    }),
    node("agent", "plan", "First-week plan", {
      config: {
        system: "You are an onboarding buddy. Write a friendly first-week plan for a new colleague: one line per day, Monday to Friday.",
        user: "{{ $.input.name }} joins {{ $.input.team }} as {{ $.input.role }} on {{ $.input.startDate }}.",
        responseSchema: {
          type: "object",
          required: ["days"],
          properties: { days: { type: "array", items: { type: "string" } } },
        },
        confidenceThreshold: 0,
      },
    }),
    node("join", "ready", "All set", { config: { mode: "all" } }),
    node("wait_until", "firstday", "Start date", { config: { until: "$.input.startDate" } }),
    node("http", "welcome", "Send welcome", {
      config: {
        method: "POST",
        url: "https://mail.example.com/v1/send",
        body: '{ "to": $.input.email, "template": "welcome", "plan": $.steps.`First-week plan`.output.answer.days }',
      },
    }),
    node("end", "end", "Onboarded", { config: { output: '{ "employeeId": $.input.employeeId, "welcomed": true }', outcome: "onboarded" } }),
  ];
  const edges = [
    edge("start", "out", "accounts"),
    edge("start", "out", "laptop"),
    edge("start", "out", "plan"),
    edge("accounts", "out", "ready"),
    edge("laptop", "out", "ready"),
    edge("plan", "ok", "ready"),
    edge("plan", "escalate", "ready"),
    edge("ready", "out", "firstday"),
    edge("firstday", "out", "welcome"),
    edge("welcome", "out", "end"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const employeeOnboardingTemplate: WorkflowTemplate = {
  id: "employee-onboarding",
  name: "Employee onboarding",
  description:
    "Creates accounts and orders a laptop while an agent writes the first-week plan; when all three are done it waits for the start date and sends the welcome.",
  highlights: ["Parallel branches", "Join (all)", "Wait until a date", "Agent"],
  credentials: ["Directory admin token (Create accounts)", "IT shop API key (Order laptop)"],
  sampleInput: {
    employeeId: "E-204",
    name: "Alan Turing",
    email: "alan@example.com",
    team: "Platform",
    role: "Backend engineer",
    startDate: "2026-01-05T09:00:00Z",
  },
  build: employeeOnboarding,
};
