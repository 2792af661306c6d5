// The OpenTelemetry tracer of this process: spans exported over OTLP/HTTP (protobuf-free JSON) to
// OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces), batched. Serialising is most of what exporting costs,
// about 5 µs a span: the transformer's protobuf writer and a hand-written JSON writer measured no
// cheaper, so the stock JSON exporter stays.
//
// Two ways in. `tracer` starts live spans (an effect step while it runs, its model and HTTP calls:
// children and the W3C traceparent need a live span). `record` writes a span that already happened,
// with the ids and times it is given: the steps a commit finished in memory and the run's root span,
// whose ids are derived from the run id (trace-ids.ts). A recorded span goes to the same batch
// processor without the tracer's per-span work (context lookups, sampler, id checks, attribute
// copies): a 10-step chain records 11 spans per run, which made tracing cost a quarter of the engine's CPU.
import { randomFillSync } from "node:crypto";
import {
  type Attributes,
  type HrTime,
  type Link,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
} from "@opentelemetry/api";
import type { Resource } from "@opentelemetry/resources";
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  type IdGenerator,
  type ReadableSpan,
  type SpanExporter,
  type TimedEvent,
} from "@opentelemetry/sdk-trace-base";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";

/**
 * Random bytes as hex, cut from a pool refilled 4 KiB at a time: one `randomBytes` call per span id
 * cost more than the rest of the span (a system call and a buffer each).
 */
class RandomIds implements IdGenerator {
  private readonly pool = Buffer.allocUnsafe(4096);
  private at = this.pool.length;
  private take(bytes: number): string {
    if (this.at + bytes > this.pool.length) {
      randomFillSync(this.pool);
      this.at = 0;
    }
    this.at += bytes;
    return this.pool.toString("hex", this.at - bytes, this.at);
  }
  generateTraceId(): string {
    return this.take(16);
  }
  generateSpanId(): string {
    return this.take(8);
  }
}

/** A span that already ended, as `record` takes it (kind INTERNAL; times in epoch milliseconds). */
export interface FinishedSpan {
  name: string;
  traceId: string;
  /** Omitted: a random id. */
  spanId?: string;
  /** Omitted: a root span. */
  parentSpanId?: string;
  startMs: number;
  endMs: number;
  attributes: Attributes;
  /** Omitted: unset. */
  error?: { message: string };
}

export interface TracerHandle {
  tracer: Tracer;
  /** Export a span that already happened (see the module comment). */
  record(span: FinishedSpan): void;
  /** Export what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

const SCOPE = { name: "switchyard" };
const UNSET: SpanStatus = { code: SpanStatusCode.UNSET };

const hrTime = (ms: number): HrTime => {
  const s = Math.floor(ms / 1000);
  return [s, Math.round((ms - s * 1000) * 1e6)];
};

/** A recorded span has neither: one shared empty list each (the exporter only reads them). */
const NO_LINKS: Link[] = [];
const NO_EVENTS: TimedEvent[] = [];

/** A recorded span as the exporter reads it (a class: no closure per span). */
class RecordedSpan implements ReadableSpan {
  readonly kind = SpanKind.INTERNAL;
  readonly name: string;
  readonly parentSpanContext: SpanContext | undefined;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links = NO_LINKS;
  readonly events = NO_EVENTS;
  readonly ended = true;
  readonly instrumentationScope = SCOPE;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  private readonly context: SpanContext;
  private readonly durationMs: number;

  constructor(
    s: FinishedSpan,
    spanId: string,
    readonly resource: Resource,
  ) {
    const endMs = Math.max(s.startMs, s.endMs);
    this.name = s.name;
    this.context = { traceId: s.traceId, spanId, traceFlags: TraceFlags.SAMPLED };
    this.parentSpanContext = s.parentSpanId
      ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: TraceFlags.SAMPLED, isRemote: false }
      : undefined;
    this.startTime = hrTime(s.startMs);
    this.endTime = hrTime(endMs);
    this.durationMs = endMs - s.startMs;
    this.status = s.error ? { code: SpanStatusCode.ERROR, message: s.error.message } : UNSET;
    this.attributes = s.attributes;
  }

  /** Computed when asked (the OTLP exporter never asks). */
  get duration(): HrTime {
    return hrTime(this.durationMs);
  }

  spanContext(): SpanContext {
    return this.context;
  }
}

export function createTracer(o: {
  endpoint?: string;
  serviceName?: string;
  exporter?: SpanExporter;
  scheduledDelayMillis?: number;
}): TracerHandle {
  const ids = new RandomIds();
  const exporter =
    o.exporter ?? new OTLPTraceExporter({ url: `${(o.endpoint ?? "").replace(/\/+$/, "")}/v1/traces`, concurrencyLimit: 64 });
  const resource = resourceFromAttributes({ "service.name": o.serviceName ?? "switchyard" });
  // Batches of 1024 spans (a 10-step chain makes 11 per run): every request has a cost of its own
  // (headers, a response to read, a round on the event loop), and 1024-span requests cost 1.5 µs
  // less per step than 256-span ones (bench:engine telemetry). Serialising is synchronous and the
  // same work either way, in fewer, longer pauses: about 1 ms per 250 spans on a loaded machine.
  const processor = new BatchSpanProcessor(exporter, {
    scheduledDelayMillis: o.scheduledDelayMillis ?? 1000,
    maxExportBatchSize: 1024,
    maxQueueSize: 8192,
  });
  const provider = new BasicTracerProvider({
    resource,
    idGenerator: ids,
    // Live spans start under a sampled run context (trace-ids.ts), so the default parent-based
    // sampler always says yes: ask nothing per span.
    sampler: new AlwaysOnSampler(),
    spanProcessors: [processor],
  });
  return {
    tracer: provider.getTracer(SCOPE.name),
    record: (s) => processor.onEnd(new RecordedSpan(s, s.spanId ?? ids.generateSpanId(), resource)),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
