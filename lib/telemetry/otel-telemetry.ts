// The engine's telemetry port (lib/engine/telemetry.ts) on OpenTelemetry and prom-client. One trace
// per run (ids derived from the run id: lib/telemetry/trace-ids.ts): the run span is its root,
// written when the run ends; a step span per step (effects while they run, in-memory steps from
// their committed times), model calls (GenAI semantic conventions) and HTTP calls (HTTP client
// semantic conventions, W3C traceparent sent along) under their step. Metrics are recorded whether
// or not a trace exporter is configured.
import { type Attributes, type Context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import type { SafeFetchInit } from "@/lib/security/safe-fetch";
import type { SpanAttributes, StepEnded, StepInfo, StepTrace, Telemetry, TelemetrySpan } from "@/lib/engine/telemetry";
import type { Metrics } from "./metrics";
import { runTraceIds, traceparent } from "./trace-ids";
import type { TracerHandle } from "./tracer";

const clean = (a: SpanAttributes): Record<string, string | number | boolean> =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Record<string, string | number | boolean>;

function errorFields(e: unknown): { message: string; code: string | null } {
  if (e instanceof Error) return { message: e.message, code: (e as { errorCode?: string; code?: string }).errorCode ?? null };
  const o = (typeof e === "object" && e !== null ? e : {}) as { message?: unknown; code?: unknown };
  return { message: typeof o.message === "string" ? o.message : String(e), code: typeof o.code === "string" ? o.code : null };
}

function wrap(span: Span): TelemetrySpan {
  return {
    setAttributes: (a) => span.setAttributes(clean(a)),
    fail: (e) => {
      const { message, code } = errorFields(e);
      span.setStatus({ code: SpanStatusCode.ERROR, message });
      span.setAttribute("error.type", code ?? "error");
    },
    end: (endMs) => span.end(endMs),
  };
}

export interface OtelTelemetryOptions {
  /** null: metrics only (no trace exporter configured). */
  tracer: Pick<TracerHandle, "tracer" | "record"> | null;
  metrics: Metrics | null;
}

/** Runs whose live-span end is remembered (runs that finish in another process are forgotten oldest first). */
const MAX_LIVE_ENDS = 10_000;

const liveKey = (s: StepInfo) => `${s.runId}|${s.stepKey}|${s.attempt}`;

const stepStatus = (s: { status: string; outputHandle: string | null }) =>
  s.status === "failed" && s.outputHandle === "error" ? "handled" : s.status;

export class OtelTelemetry implements Telemetry {
  readonly enabled = true;
  /** Steps whose span is open or was written while they ran (not written again from the commit). */
  private readonly live = new Set<string>();
  /**
   * The latest end of a live span per run in this process. Live spans end on the process clock; the
   * run's end comes from the engine's clock, which on PostgreSQL is the database's, read as a lower
   * bound that can trail the process clock by a round trip. The root span must still cover its
   * children, so it ends no earlier than they did.
   */
  private readonly liveEnds = new Map<string, number>();

  constructor(private readonly o: OtelTelemetryOptions) {}

  private runContext(runId: string): Context {
    const { traceId, spanId } = runTraceIds(runId);
    return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: 1, isRemote: false });
  }

  private stepAttributes(s: StepInfo): Attributes {
    return {
      "switchyard.run.id": s.runId,
      "switchyard.workflow.id": s.workflowId,
      "switchyard.step.key": s.stepKey,
      "switchyard.node.id": s.nodeId,
      "switchyard.node.kind": s.kind,
      "switchyard.step.attempt": s.attempt,
    };
  }

  startStep(s: StepInfo): { trace: StepTrace; end(outcome: { ok: boolean; error?: unknown }): void } {
    const t = this.o.tracer;
    const metrics = this.o.metrics;
    const modelUsage = (model: string, input: number, output: number, cost: number) => {
      if (!metrics) return;
      metrics.modelTokens.inc({ model, type: "input" }, input);
      metrics.modelTokens.inc({ model, type: "output" }, output);
      if (cost > 0) metrics.modelSpend.inc({ model }, cost);
    };
    if (!t) {
      return {
        trace: {
          span: (_n, _a, fn) => fn({ setAttributes: () => undefined, fail: () => undefined, end: () => undefined }),
          wrapFetch: (f) => f,
          modelUsage,
        },
        end: () => undefined,
      };
    }
    this.live.add(liveKey(s));
    const span = t.tracer.startSpan(
      `step ${s.nodeId}`,
      { kind: SpanKind.INTERNAL, attributes: this.stepAttributes(s) },
      this.runContext(s.runId),
    );
    const ctx = trace.setSpan(ROOT_CONTEXT, span);
    const child = async <T>(name: string, attributes: SpanAttributes, kind: SpanKind, fn: (sp: TelemetrySpan, raw: Span) => Promise<T>) => {
      const c = t.tracer.startSpan(name, { kind, attributes: clean(attributes) }, ctx);
      const w = wrap(c);
      try {
        return await fn(w, c);
      } catch (e) {
        w.fail(e);
        throw e;
      } finally {
        c.end();
      }
    };
    const stepTrace: StepTrace = {
      span: (name, attributes, fn) => child(name, attributes, SpanKind.CLIENT, fn),
      wrapFetch: (fetch) => (url, init: SafeFetchInit) => {
        const method = (init.method ?? "GET").toUpperCase();
        let host = "";
        try {
          host = new URL(url).host;
        } catch {
          // the safe fetch rejects it; the span records the failure
        }
        return child(
          `${method} ${host}`,
          { "http.request.method": method, "url.full": url, "server.address": host },
          SpanKind.CLIENT,
          async (sp, raw) => {
            const res = await fetch(url, withTraceparent(init, raw));
            sp.setAttributes({ "http.response.status_code": res.status });
            if (res.status >= 400) sp.fail({ message: `HTTP ${res.status}`, code: String(res.status) });
            return res;
          },
        );
      },
      modelUsage,
    };
    return {
      trace: stepTrace,
      end: (outcome) => {
        if (!outcome.ok) wrap(span).fail(outcome.error);
        const endMs = Date.now();
        span.end(endMs);
        this.noteLiveEnd(s.runId, endMs);
      },
    };
  }

  private noteLiveEnd(runId: string, endMs: number): void {
    const ends = this.liveEnds;
    ends.delete(runId); // re-inserted last: the oldest entry is the first to go
    if (ends.size >= MAX_LIVE_ENDS) ends.delete(ends.keys().next().value as string); // runs that ended elsewhere
    ends.set(runId, endMs);
  }

  stepsCommitted(_workflowId: string, steps: readonly StepEnded[]): void {
    const t = this.o.tracer;
    // a commit's steps are one run's: its trace ids are looked up once
    let runId = "";
    let run = { traceId: "", spanId: "" };
    for (const s of steps) {
      const status = stepStatus(s);
      if (this.o.metrics && s.startedAtMs !== null && s.finishedAtMs !== null)
        this.o.metrics.stepDuration.observe({ kind: s.kind, status }, Math.max(0, s.finishedAtMs - s.startedAtMs) / 1000);
      if (!t) continue;
      if (this.live.size > 0 && this.live.delete(liveKey(s))) continue; // its span was written while it ran
      const start = s.startedAtMs ?? s.finishedAtMs ?? Date.now();
      const attributes: Attributes = this.stepAttributes(s); // one object per span, no copies
      attributes["switchyard.step.status"] = status;
      let error: { message: string } | undefined;
      if (s.status === "failed") {
        const e = errorFields(s.error);
        if (status === "failed") error = e;
        attributes["error.type"] = e.code ?? "error";
      }
      if (s.runId !== runId) {
        runId = s.runId;
        run = runTraceIds(runId);
      }
      t.record({
        name: `step ${s.nodeId}`,
        traceId: run.traceId,
        parentSpanId: run.spanId,
        startMs: start,
        endMs: s.finishedAtMs ?? start,
        attributes,
        error,
      });
    }
  }

  retried(kind: string): void {
    this.o.metrics?.stepRetries.inc({ kind });
  }

  runEnded(r: Parameters<Telemetry["runEnded"]>[0]): void {
    this.o.metrics?.runsFinished.inc({ status: r.status });
    const t = this.o.tracer;
    if (!t) return;
    const { traceId, spanId } = runTraceIds(r.runId);
    // the root span of the run's trace, with the ids its steps already point at
    const liveEnd = this.liveEnds.get(r.runId) ?? 0;
    this.liveEnds.delete(r.runId);
    const end = Math.max(r.finishedAtMs ?? Date.now(), liveEnd);
    t.record({
      name: "run",
      traceId,
      spanId,
      startMs: r.startedAtMs ?? end,
      endMs: end,
      attributes: {
        "switchyard.run.id": r.runId,
        "switchyard.workflow.id": r.workflowId,
        "switchyard.version.id": r.versionId,
        "switchyard.run.status": r.status,
        ...(r.trigger ? { "switchyard.run.trigger": r.trigger } : {}),
      },
      error: r.status === "failed" || r.status === "compensation_failed" ? { message: errorFields(r.error).message } : undefined,
    });
  }

  leaseLost(): void {
    this.o.metrics?.leaseLosses.inc();
  }
}

/** The `traceparent` of the HTTP client span a wrapped fetch is in: set on the request's headers. */
export function withTraceparent(init: SafeFetchInit, span: Span): SafeFetchInit {
  const sc = span.spanContext();
  const headers = new Headers(init.headers as HeadersInit | undefined);
  headers.set("traceparent", traceparent(sc.traceId, sc.spanId));
  return { ...init, headers };
}
