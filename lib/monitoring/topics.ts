// SSE topics: what a page shows. Isomorphic (the browser builds the same strings).
//   run:<runId>  every RunEvent of one run, one SSE message per event
//   runs         the runs list: coalesced "these runs changed" notices
//   inbox        task lifecycle notices (created, decided, timed out, closed with their run)
import { z } from "zod";

export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_TOPICS = 8;

export type Topic = { kind: "run"; runId: string } | { kind: "runs" } | { kind: "inbox" };

export function parseTopic(raw: string): Topic | null {
  if (raw === "runs") return { kind: "runs" };
  if (raw === "inbox") return { kind: "inbox" };
  if (raw.startsWith("run:")) {
    const runId = raw.slice(4);
    return RUN_ID_PATTERN.test(runId) ? { kind: "run", runId } : null;
  }
  return null;
}

export function topicKey(t: Topic): string {
  return t.kind === "run" ? `run:${t.runId}` : t.kind;
}

/** `topic=run:<id>,inbox` → distinct topics; zod issues name the bad entry. */
export const topicListSchema = z
  .string({ error: "topic is required (run:<runId>, runs or inbox; comma-separated)" })
  .min(1, "topic is required (run:<runId>, runs or inbox; comma-separated)")
  .max(1000)
  .transform((s, ctx) => {
    const parts = [
      ...new Set(
        s
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
      ),
    ];
    if (parts.length === 0 || parts.length > MAX_TOPICS) {
      ctx.addIssue({ code: "custom", message: `give 1 to ${MAX_TOPICS} topics` });
      return z.NEVER;
    }
    const topics: Topic[] = [];
    for (const p of parts) {
      const t = parseTopic(p);
      if (!t) {
        ctx.addIssue({ code: "custom", message: `unknown topic "${p.slice(0, 80)}" (use run:<runId>, runs or inbox)` });
        return z.NEVER;
      }
      topics.push(t);
    }
    return topics;
  });

/** Event types that change what the inbox shows (tasks created, decided, closed with their run). */
export function isInboxEvent(type: string): boolean {
  return type.startsWith("task.") || type === "run.cancelled" || type === "run.failed" || type === "run.succeeded";
}

export function eventsUrl(topics: string[], lastEventId?: number | null): string {
  const q = new URLSearchParams({ topic: topics.join(",") });
  if (lastEventId !== undefined && lastEventId !== null) q.set("lastEventId", String(lastEventId));
  return `/api/v1/events?${q.toString()}`;
}
