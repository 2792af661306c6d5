// Which live workflows an event starts: the event triggers on the Start node of each workflow's live
// version (the latest published one of a workflow that is not deleted). A version is immutable, so its
// triggers are parsed once and cached by version id; only the list of live versions is read per event,
// and not even that when the list read last time had no trigger on the name: the event's own statement
// then checks that the list is unchanged (its digest), so a publish costs one round trip.
import { listLiveVersions, liveDigest, readVersionGraphs, type LiveVersionRow } from "@/lib/db/event-subscription-read";
import type { SqlDb } from "@/lib/db/sql";
import { LruCache } from "@/lib/model/lru-cache";
import { eventTriggerSchema, type EventTrigger } from "@/lib/model/triggers";

export interface EventSubscription {
  workflowId: string;
  versionId: string;
  trigger: EventTrigger;
}

const cache = new LruCache<string, EventTrigger[]>(2000);
/** The live versions each database answered last (per SqlDb: tests open several in one process). */
const lastLive = new WeakMap<SqlDb, { rows: LiveVersionRow[]; digest: string }>();

/** The enabled event triggers of a stored graph (unknown or invalid entries are ignored: validation refused them at publish). */
export function eventTriggersOf(graphJson: string): EventTrigger[] {
  let graph: unknown;
  try {
    graph = JSON.parse(graphJson);
  } catch {
    return [];
  }
  const nodes = (graph as { nodes?: unknown }).nodes;
  if (!Array.isArray(nodes)) return [];
  const start = nodes.find((n) => (n as { kind?: unknown })?.kind === "start") as { config?: { triggers?: unknown } } | undefined;
  const triggers = start?.config?.triggers;
  if (!Array.isArray(triggers)) return [];
  const out: EventTrigger[] = [];
  for (const t of triggers) {
    const parsed = eventTriggerSchema.safeParse(t);
    if (parsed.success && parsed.data.enabled) out.push(parsed.data);
  }
  return out;
}

export async function subscriptionsFor(db: SqlDb, eventName: string): Promise<EventSubscription[]> {
  const live = await listLiveVersions(db);
  const missing = live.filter((v) => cache.get(v.versionId) === undefined).map((v) => v.versionId);
  for (const row of await readVersionGraphs(db, missing)) cache.set(row.id, eventTriggersOf(row.graph));
  lastLive.set(db, { rows: live, digest: liveDigest(live) });
  return subscriptionsIn(live, eventName);
}

/**
 * The digest of the live versions read last, when none of them has a trigger on the name (so the
 * event needs no run start while the live set keeps that digest); null when unknown or subscribed.
 */
export function unsubscribedLiveDigest(db: SqlDb, eventName: string): string | null {
  const last = lastLive.get(db);
  if (!last || last.rows.some((v) => cache.get(v.versionId) === undefined)) return null;
  return subscriptionsIn(last.rows, eventName).length ? null : last.digest;
}

function subscriptionsIn(live: LiveVersionRow[], eventName: string): EventSubscription[] {
  const out: EventSubscription[] = [];
  for (const v of live) {
    for (const trigger of cache.get(v.versionId) ?? []) {
      if (trigger.event === eventName) out.push({ workflowId: v.workflowId, versionId: v.versionId, trigger });
    }
  }
  return out;
}
