// Document review with edit-and-approve: an agent revises a policy document, an editor corrects the
// revision in the inbox (title, text and change note are editable) and approves it, and what the
// editor approved — not what the agent proposed — is published.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { edge, layeredPositions, node, objectSchema, type WorkflowTemplate } from "./build";

function documentReview(): DraftGraph {
  const nodes = [
    node("start", "start", "Start", {
      config: {
        inputSchema: objectSchema(
          {
            documentId: { type: "string" },
            instructions: { type: "string", description: "What to change, e.g. update for the 2026 travel rules" },
          },
          ["documentId", "instructions"],
        ),
      },
    }),
    node("http", "load", "Load document", {
      retry: { maxAttempts: 3 },
      config: { method: "GET", url: "https://docs.example.com/v1/documents/{{ $.input.documentId }}" },
    }),
    node("agent", "revise", "Draft revision", {
      config: {
        system: "You revise company policy documents. Keep the structure and tone; change only what the instructions ask for.",
        user: "Instructions: {{ $.input.instructions }}\n\nTitle: {{ $.steps.`Load document`.output.body.title }}\n\n{{ $.steps.`Load document`.output.body.text }}",
        responseSchema: {
          type: "object",
          required: ["title", "text", "changeNote"],
          properties: { title: { type: "string" }, text: { type: "string" }, changeNote: { type: "string" } },
        },
        confidenceThreshold: 0,
      },
    }),
    node("approval", "edit", "Edit and approve", {
      config: {
        assignees: { users: [], roles: ["reviewer"] },
        instructions:
          "Review the revision of **{{ $.steps.`Load document`.output.body.title }}** ({{ $.input.instructions }}). Correct the title, text or change note where needed, then approve to publish it; reject to send it back to the author.",
        payload: "$.steps.`Draft revision`.output.answer",
        editableSchema: {
          type: "object",
          properties: {
            title: { type: "string" },
            text: { type: "string", description: "The full revised text" },
            changeNote: { type: "string", description: "Shown in the document's history" },
          },
        },
        dueInMs: 5 * 86_400_000,
      },
    }),
    node("http", "publish", "Publish document", {
      config: {
        method: "PUT",
        url: "https://docs.example.com/v1/documents/{{ $.input.documentId }}",
        body: "$.steps.`Edit and approve`.output.payload",
      },
    }),
    node("end", "published", "Published", { config: { output: "$.steps.`Edit and approve`.output.payload", outcome: "published" } }),
    node("http", "return", "Return to author", {
      config: {
        method: "POST",
        url: "https://docs.example.com/v1/documents/{{ $.input.documentId }}/comments",
        body: '{ "text": "The revision was not approved.", "comment": $.steps.`Edit and approve`.output.comment }',
      },
    }),
    node("end", "returned", "Returned", { config: { output: '{ "published": false }', outcome: "rejected" } }),
  ];
  const edges = [
    edge("start", "out", "load"),
    edge("load", "out", "revise"),
    edge("revise", "ok", "edit"),
    edge("revise", "escalate", "edit"),
    edge("edit", "approved", "publish"),
    edge("edit", "rejected", "return"),
    edge("edit", "timeout", "return"),
    edge("publish", "out", "published"),
    edge("return", "out", "returned"),
  ];
  return layeredPositions({ schemaVersion: 1, nodes, edges });
}

export const documentReviewTemplate: WorkflowTemplate = {
  id: "document-review",
  name: "Document review (edit and approve)",
  description:
    "An agent revises a policy document; an editor corrects the title, text and change note in the inbox and approves, and the edited version is what gets published.",
  highlights: ["Agent drafts", "Approval with editable fields", "Outcome per end", "HTTP PUT"],
  credentials: ["Document store API token (Load, Publish, Return)"],
  sampleInput: { documentId: "DOC-17", instructions: "Update the travel policy for the 2026 per-diem rates." },
  build: documentReview,
};
