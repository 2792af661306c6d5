import { getAppContext } from "@/lib/server/app-context";
import { getEventHub } from "@/lib/monitoring/event-hub-instance";
import { metrics } from "@/lib/telemetry/metrics";
import { metricsResponse } from "@/lib/telemetry/metrics-endpoint";

export const dynamic = "force-dynamic";

/** GET /api/metrics — Prometheus metrics, behind `Authorization: Bearer $SWITCHYARD_METRICS_TOKEN` (404 when unset). */
export async function GET(req: Request): Promise<Response> {
  const app = getAppContext();
  return metricsResponse(req, {
    token: app.env.SWITCHYARD_METRICS_TOKEN,
    sql: app.db.sql,
    metrics: metrics(),
    sseClients: () => getEventHub(app).subscriberCount,
  });
}
