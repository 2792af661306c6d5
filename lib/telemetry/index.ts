// The process's telemetry: metrics always (cheap counters, scraped at /api/metrics), traces when
// OTEL_EXPORTER_OTLP_ENDPOINT is set. The hosted worker hands it to the engine; the engine knows only
// its port (lib/engine/telemetry.ts).
import type { Telemetry } from "@/lib/engine/telemetry";
import { metrics } from "./metrics";
import { OtelTelemetry } from "./otel-telemetry";
import { createTracer, type TracerHandle } from "./tracer";

const g = globalThis as unknown as { __switchyardTelemetry?: { telemetry: Telemetry; tracer: TracerHandle | null } };

export function processTelemetry(env: Record<string, string | undefined> = process.env): {
  telemetry: Telemetry;
  tracer: TracerHandle | null;
} {
  if (!g.__switchyardTelemetry) {
    const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const tracer = endpoint ? createTracer({ endpoint, serviceName: env.OTEL_SERVICE_NAME }) : null;
    g.__switchyardTelemetry = { telemetry: new OtelTelemetry({ tracer, metrics: metrics() }), tracer };
  }
  return g.__switchyardTelemetry;
}
