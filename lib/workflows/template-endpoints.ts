// The outside systems a template calls are placeholder URLs on example.com (https://crm.example.com/…),
// one host per system. This lists them (the gallery says what to point where) and points them all at
// one base URL — a local stub in tests and demos, a gateway in front of the real systems otherwise —
// keeping each system apart by its first path segment: https://crm.example.com/v1/offers becomes
// <base>/crm/v1/offers.
import type { DraftGraph, DraftNode } from "@/lib/model/draft-graph";
import type { WorkflowTemplate } from "./template-graphs/build";

const PLACEHOLDER_ORIGIN = /^https:\/\/([a-z0-9-]+)\.example\.com(?=[/?]|$)/;

type Tool = { url?: unknown };

function urlsOf(node: DraftNode): string[] {
  const config = node.config as { url?: unknown; tools?: unknown };
  const tools = Array.isArray(config.tools) ? (config.tools as Tool[]) : [];
  return [config.url, ...tools.map((t) => t.url)].filter((u): u is string => typeof u === "string");
}

/** The placeholder hosts the graph's HTTP nodes and HTTP tools call, in order of first use. */
export function templateEndpoints(graph: DraftGraph): string[] {
  const hosts = graph.nodes.flatMap(urlsOf).flatMap((u) => {
    const m = PLACEHOLDER_ORIGIN.exec(u);
    return m ? [`${m[1]}.example.com`] : [];
  });
  return [...new Set(hosts)];
}

/** The graph with every placeholder origin replaced by `${base}/<system>` (base without a trailing slash). */
export function retargetEndpoints(graph: DraftGraph, base: string): DraftGraph {
  const root = base.replace(/\/+$/, "");
  const retarget = (u: unknown) => (typeof u === "string" ? u.replace(PLACEHOLDER_ORIGIN, (_m, system: string) => `${root}/${system}`) : u);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const config = n.config as { url?: unknown; tools?: unknown };
      const next: Record<string, unknown> = { ...n.config };
      if ("url" in config) next.url = retarget(config.url);
      if (Array.isArray(config.tools)) next.tools = (config.tools as Tool[]).map((t) => ({ ...t, url: retarget(t.url) }));
      return { ...n, config: next };
    }),
  };
}

/** The template, and the helper workflows it creates, calling `${base}/<system>` instead of the placeholders. */
export function retargetTemplate(template: WorkflowTemplate, base: string): WorkflowTemplate {
  return {
    ...template,
    helpers: template.helpers?.map((h) => ({ ...h, build: () => retargetEndpoints(h.build(), base) })),
    build: (helperIds) => retargetEndpoints(template.build(helperIds), base),
  };
}
