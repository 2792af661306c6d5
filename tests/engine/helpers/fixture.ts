// The one prologue of a database engine suite: `const { h, sink } = useEngine(dialect, { sink: true })`
// registers a beforeAll that creates the harness (a fresh database and the worker host) and, when
// asked, an HTTP sink, and an afterAll that closes both. `h` and `sink` can be used in tests and hooks
// declared after the call (they forward to the objects beforeAll created; using them earlier throws).
import { afterAll, beforeAll } from "vitest";
import type { StepRecord } from "@/lib/engine/ports";
import type { Dialect } from "@/tests/helpers/test-db";
import { createHarness, type Harness, type HarnessOptions } from "./engine";
import { startSink, type Sink } from "./sink";

export interface EngineFixture {
  h: Harness;
  /** Only with `{ sink: true }`. */
  sink: Sink;
}

/** An object standing for one created later (in beforeAll); every property read goes to it. */
function late<T extends object>(name: string): { ref: T; set(v: T | undefined): void } {
  let value: T | undefined;
  const ref = new Proxy({} as T, {
    get(_t, prop) {
      if (!value) throw new Error(`${name} is used before the suite's beforeAll created it`);
      const v: unknown = Reflect.get(value, prop, value);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(value) : v;
    },
    set(_t, prop, v) {
      if (!value) throw new Error(`${name} is used before the suite's beforeAll created it`);
      return Reflect.set(value, prop, v, value);
    },
  });
  return { ref, set: (v) => (value = v) };
}

export function useEngine(dialect: Dialect, opts: HarnessOptions & { sink?: boolean } = {}): EngineFixture {
  const { sink: withSink = false, ...harnessOptions } = opts;
  const h = late<Harness>("the engine harness");
  const sink = late<Sink>(withSink ? "the sink" : "the sink (pass { sink: true } to useEngine)");
  let harness: Harness | undefined;
  let server: Sink | undefined;
  beforeAll(async () => {
    harness = await createHarness(dialect, harnessOptions);
    h.set(harness);
    if (withSink) {
      server = await startSink();
      sink.set(server);
    }
  });
  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });
  return { h: h.ref, sink: sink.ref };
}

/** A run's steps by step key. */
export const stepsByKey = (steps: StepRecord[]): Record<string, StepRecord> => Object.fromEntries(steps.map((s) => [s.stepKey, s]));
