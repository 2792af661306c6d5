// GET /api/metrics: the Prometheus text exposition of this process, behind a bearer token
// (SWITCHYARD_METRICS_TOKEN). Without a configured token the endpoint does not exist (404), so
// metrics are never public by accident; a wrong or missing token is 401.
import { createHash, timingSafeEqual } from "node:crypto";
import type { SqlQuery } from "@/lib/db/sql";
import { readDbGauges } from "@/lib/db/metrics-read";
import type { Metrics } from "./metrics";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function tokenMatches(header: string | null, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? "");
  return !!m && timingSafeEqual(digest(m[1].trim()), digest(token));
}

export async function metricsResponse(
  req: Request,
  o: { token: string | undefined; sql: SqlQuery; metrics: Metrics; sseClients: () => number },
): Promise<Response> {
  if (!o.token) return new Response("Not found\n", { status: 404 });
  if (!tokenMatches(req.headers.get("authorization"), o.token))
    return new Response("Unauthorized\n", { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  const g = await readDbGauges(o.sql);
  const m = o.metrics;
  m.readyRuns.set(g.readyRuns);
  m.readyRunOldestAge.set(g.oldestReadyAgeMs / 1000);
  m.tasksOpen.set(g.tasksOpen);
  m.tasksOverdue.set(g.tasksOverdue);
  m.decisionsLastMinute.set(g.decisionsLastMinute);
  m.sseClients.set(o.sseClients());
  return new Response(await m.registry.metrics(), {
    headers: { "content-type": m.registry.contentType, "cache-control": "no-store" },
  });
}
