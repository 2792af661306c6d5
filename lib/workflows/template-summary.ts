// What the template gallery shows about a template, derived from its graph so it cannot drift: the
// node kinds, the thumbnail, and what it needs before it runs — a model provider for its agents,
// reviewers for its approvals, the outside systems it calls, the credentials it declares, the
// triggers that start it and the events it waits for.
import type { NodeKind } from "@/lib/model/node-kind";
import { templateEndpoints } from "./template-endpoints";
import { templateThumbnail, type Thumbnail } from "./template-thumbnail";
import type { WorkflowTemplate } from "./template-graphs/build";

export type TemplateTriggerKind = "webhook" | "schedule" | "event";

export interface TemplateNeeds {
  /** Agent nodes: they need a model provider in Settings. */
  agents: number;
  /** Approval nodes: they need reviewers who can decide. */
  approvals: number;
  credentials: readonly string[];
  /** Placeholder hosts to point at the real systems. */
  endpoints: string[];
  triggers: TemplateTriggerKind[];
  /** Event names its Wait for event steps wait for (someone must publish them). */
  events: string[];
}

export interface TemplateSummary {
  id: string;
  name: string;
  description: string;
  highlights: string[];
  nodes: number;
  /** Kinds used, besides Start and End, in order of first use. */
  kinds: NodeKind[];
  needs: TemplateNeeds;
  thumbnail: Thumbnail;
}

export function summarizeTemplate(template: WorkflowTemplate): TemplateSummary {
  const graph = template.build();
  const count = (kind: NodeKind) => graph.nodes.filter((n) => n.kind === kind).length;
  const start = graph.nodes.find((n) => n.kind === "start");
  const declared = (start?.config as { triggers?: { kind?: unknown }[] } | undefined)?.triggers ?? [];
  const triggers = [
    ...new Set(declared.map((t) => t.kind).filter((k): k is TemplateTriggerKind => k === "webhook" || k === "schedule" || k === "event")),
  ];
  const events = graph.nodes.filter((n) => n.kind === "wait_event").map((n) => String((n.config as { event?: unknown }).event ?? ""));
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    highlights: template.highlights,
    nodes: graph.nodes.length,
    kinds: [...new Set(graph.nodes.map((n) => n.kind))].filter((k) => k !== "start" && k !== "end"),
    needs: {
      agents: count("agent"),
      approvals: count("approval"),
      credentials: template.credentials ?? [],
      endpoints: templateEndpoints(graph),
      triggers,
      events: [...new Set(events.filter(Boolean))],
    },
    thumbnail: templateThumbnail(graph),
  };
}
