// Response schemas of the monitoring routes: dashboard aggregates and the live event stream.
import { z } from "zod";
import { DASHBOARD_RANGES } from "@/lib/monitoring/dashboard-types";
import { RUN_STATUSES } from "@/lib/model/vocabulary";
import { epochMs, obj } from "./common";

const percentiles = obj({ count: z.number().int(), p50: z.number().nullable(), p95: z.number().nullable() });

export const dashboardBody = obj({
  range: z.enum(DASHBOARD_RANGES),
  fromMs: epochMs,
  toMs: epochMs,
  bucketMs: z.number().int(),
  totals: obj({
    runs: z.number().int(),
    finished: z.number().int(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    active: z.number().int(),
    costUsd: z.number(),
    tokens: z.number(),
  }),
  byStatus: z.array(obj({ status: z.enum(RUN_STATUSES), count: z.number().int() })),
  byOutcome: z.array(obj({ outcome: z.string(), count: z.number().int() })),
  throughput: z.array(obj({ atMs: epochMs, started: z.number().int(), finished: z.number().int() })),
  duration: percentiles,
  humanWait: percentiles,
  durationByWorkflow: z.array(z.unknown()),
  failureByWorkflow: z.array(z.unknown()),
  costByWorkflowModel: z.array(z.unknown()),
  slowestSteps: z.array(z.unknown()),
  failingSteps: z.array(z.unknown()),
}).meta({ id: "Dashboard" });

export const eventStreamResponse = {
  contentType: "text/event-stream",
  description: "Server-sent events (docs/monitoring.md): `id`, `event` and JSON `data` per message; reconnect with Last-Event-ID.",
};
