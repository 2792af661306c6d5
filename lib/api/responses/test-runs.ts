// Response schemas of the test-run, pin and run-one-step routes (app/api/v1/workflows/:id/{test-runs,pins,nodes}).
import { z } from "zod";
import { anyJson, epochMs, obj } from "./common";
import { runSchema } from "./runs";

export const pinSchema = obj({
  nodeId: z.string(),
  output: anyJson,
  handle: z.string().meta({ description: "The output handle the pinned node takes in a test run." }),
  sourceRunId: z.string().nullable(),
  sourceStepKey: z.string().nullable(),
  pinnedById: z.string().nullable(),
  pinnedAtMs: epochMs,
}).meta({ id: "WorkflowPin" });

export const pinBodyResponse = obj({ pin: pinSchema });
export const pinListBody = obj({ pins: z.array(pinSchema) });

export const testRunStartedBody = obj({
  run: runSchema,
  snapshot: obj({
    id: z.string(),
    version: z.number().int().meta({ description: "Negative: test snapshots never take a published version number." }),
  }),
}).meta({ id: "TestRunStarted" });

export const stepTestBodyResponse = obj({
  nodeId: z.string(),
  ok: z.boolean(),
  request: anyJson,
  output: anyJson,
  handle: z.string().nullable(),
  error: obj({ message: z.string(), code: z.string() }).nullable(),
  durationMs: z.number(),
  upstream: z.record(z.string(), z.enum(["pin", "last_test_run", "none"])),
}).meta({ id: "StepTestResult" });
