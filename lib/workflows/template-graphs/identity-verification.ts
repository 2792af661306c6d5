// Identity verification with an outside provider: the check is requested, the run waits (holding no
// worker) for the provider's `kyc.completed` event for this applicant, and an inconclusive result —
// or no answer within two days — goes to a compliance officer.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { edge, layeredPositions, node, objectSchema, type WorkflowTemplate } from "./build";

const RESULT = "$.steps.`Verification result`.output";

function identityVerification(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            applicantId: { type: "string" },
            fullName: { type: "string", "x-personal": true },
            documentType: { type: "string", enum: ["passport", "id_card", "driving_licence"] },
          },
          ["applicantId", "fullName", "documentType"],
        ),
        subjectExpression: "$.input.applicantId",
      },
    }),
    node("http", "request", "Request verification", {
      nonIdempotent: true,
      config: {
        method: "POST",
        url: "https://kyc.example.com/v1/checks",
        body: '{ "reference": $.input.applicantId, "name": $.input.fullName, "document": $.input.documentType }',
      },
    }),
    node("wait_event", "result", "Verification result", {
      config: {
        event: "kyc.completed",
        correlation: "$.input.applicantId",
        timeoutMs: 2 * 86_400_000,
        outputSchema: objectSchema(
          { status: { type: "string", enum: ["verified", "rejected", "inconclusive"] }, score: { type: "number" } },
          ["status"],
        ),
      },
    }),
    node("condition", "route", "Result", {
      config: {
        branches: [
          { id: "verified", label: "Verified", expression: `${RESULT}.status = "verified"` },
          { id: "rejected", label: "Rejected", expression: `${RESULT}.status = "rejected"` },
        ],
      },
    }),
    node("approval", "officer", "Compliance officer", {
      config: {
        assignees: { users: [], roles: ["reviewer", "admin"] },
        instructions:
          "Verification of applicant {{ $.input.applicantId }} ({{ $.input.documentType }}) was inconclusive or did not come back in time. Check the documents by hand and approve to verify.",
        payload: '{ "applicantId": $.input.applicantId }',
        dueInMs: 86_400_000,
      },
    }),
    node("http", "activate", "Activate account", {
      config: {
        method: "POST",
        url: "https://accounts.example.com/v1/accounts/{{ $.input.applicantId }}/activate",
        body: '{ "verifiedBy": $exists($.steps.`Compliance officer`.output.decidedBy) ? "officer" : "provider" }',
      },
    }),
    node("end", "verified", "Verified", {
      config: { output: '{ "applicantId": $.input.applicantId, "verified": true }', outcome: "verified" },
    }),
    node("end", "refused", "Refused", {
      config: { output: '{ "applicantId": $.input.applicantId, "verified": false }', outcome: "refused" },
    }),
  ];
  const edges = [
    edge("start", "out", "request"),
    edge("request", "out", "result"),
    edge("result", "out", "route"),
    edge("result", "timeout", "officer"),
    edge("route", "verified", "activate"),
    edge("route", "rejected", "refused"),
    edge("route", "else", "officer"),
    edge("officer", "approved", "activate"),
    edge("officer", "rejected", "refused"),
    edge("officer", "timeout", "refused"),
    edge("activate", "out", "verified"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const identityVerificationTemplate: WorkflowTemplate = {
  id: "identity-verification",
  name: "Identity verification (wait for event)",
  description:
    "Requests a check from a verification provider and waits for its kyc.completed event; inconclusive results, and checks with no answer after two days, go to a compliance officer.",
  highlights: ["Wait for event with correlation", "Timeout path", "Condition with two branches", "Personal data"],
  credentials: ["Verification provider API key (Request verification)"],
  sampleInput: { applicantId: "AP-3310", fullName: "Grace Hopper", documentType: "passport" },
  build: identityVerification,
};
