// The OpenTelemetry tracer of this process: spans exported over OTLP/HTTP (protobuf-free JSON) to
// OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces), batched. The id generator can be told the ids of the
// next span (a run's root span takes the ids derived from its run id; see trace-ids.ts).
import { randomBytes } from "node:crypto";
import type { Tracer } from "@opentelemetry/api";
import { BasicTracerProvider, BatchSpanProcessor, type IdGenerator, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";

/** Random ids, except for the span started inside `withIds`. */
export class ForcedIds implements IdGenerator {
  private next: { traceId: string; spanId: string } | null = null;
  withIds<T>(ids: { traceId: string; spanId: string }, fn: () => T): T {
    this.next = ids;
    try {
      return fn();
    } finally {
      this.next = null;
    }
  }
  generateTraceId(): string {
    return this.next?.traceId ?? randomBytes(16).toString("hex");
  }
  generateSpanId(): string {
    return this.next?.spanId ?? randomBytes(8).toString("hex");
  }
}

export interface TracerHandle {
  tracer: Tracer;
  ids: ForcedIds;
  /** Export what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function createTracer(o: {
  endpoint?: string;
  serviceName?: string;
  exporter?: SpanExporter;
  scheduledDelayMillis?: number;
}): TracerHandle {
  const ids = new ForcedIds();
  const exporter =
    o.exporter ?? new OTLPTraceExporter({ url: `${(o.endpoint ?? "").replace(/\/+$/, "")}/v1/traces`, concurrencyLimit: 64 });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": o.serviceName ?? "switchyard" }),
    idGenerator: ids,
    // small batches: each export serialises its spans synchronously, so a smaller batch is a shorter
    // pause of the worker's event loop (the same work, spread out)
    spanProcessors: [
      new BatchSpanProcessor(exporter, {
        scheduledDelayMillis: o.scheduledDelayMillis ?? 1000,
        maxExportBatchSize: 256,
        maxQueueSize: 8192,
      }),
    ],
  });
  return {
    tracer: provider.getTracer("switchyard"),
    ids,
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
