// Which approval steps allow bulk approval (their `allowBulk` option), read from the task's pinned
// workflow version. A published version never changes, so the answer is kept per version id (a
// small bounded cache): the inbox list asks for every page it shows.
import { z } from "zod";
import type { SqlQuery } from "@/lib/db/sql";
import { selectVersionGraph } from "@/lib/db/version-graph-read";

const MAX_CACHED_VERSIONS = 500;
const cache = new Map<string, ReadonlySet<string>>();

const graphNodes = z.object({
  nodes: z.array(z.looseObject({ id: z.string(), config: z.looseObject({ allowBulk: z.boolean().optional() }).optional() })),
});

function parseBulkNodes(text: string | null): Set<string> {
  const allowed = new Set<string>();
  let parsed: unknown = null;
  try {
    parsed = text === null ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  const g = graphNodes.safeParse(parsed);
  if (g.success) for (const n of g.data.nodes) if (n.config?.allowBulk === true) allowed.add(n.id);
  return allowed;
}

/** The ids of the nodes of a version whose approval allows bulk approval (empty when the version is missing). */
export async function bulkNodesOf(q: SqlQuery, versionId: string): Promise<ReadonlySet<string>> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const text = await selectVersionGraph(q, versionId);
  const allowed = parseBulkNodes(text);
  if (text !== null) {
    if (cache.size >= MAX_CACHED_VERSIONS) cache.delete(cache.keys().next().value as string);
    cache.set(versionId, allowed);
  }
  return allowed;
}

/** Whether the approval node behind a task allows bulk approval (false when anything is missing). */
export async function allowsBulk(q: SqlQuery, versionId: string, nodeId: string): Promise<boolean> {
  return (await bulkNodesOf(q, versionId)).has(nodeId);
}
