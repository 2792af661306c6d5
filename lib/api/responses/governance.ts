// Response schemas of the governance routes: retention, legal holds, erasures, subject runs, personal data.
import { z } from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { anyJson, epochMs, isoTime, obj } from "./common";

const days = z.number().int().nullable();

export const retentionSettingsBody = obj({ runRetentionDays: days, auditRetentionDays: z.number().int() }).meta({
  id: "RetentionSettings",
});

const workflowRetentionView = {
  workflowId: z.string(),
  name: z.string(),
  runRetentionDays: days,
  effectiveDays: days,
  legalHold: z.boolean(),
  wouldDelete: z.number().int(),
};

export const retentionPreviewBody = obj({
  settings: retentionSettingsBody,
  runs: z.number().int(),
  auditRows: z.number().int(),
  workflows: z.array(obj(workflowRetentionView)),
});

/** One workflow's retention with the global default beside it (the workflow settings page). */
export const workflowRetentionViewBody = obj({ ...workflowRetentionView, globalDays: days });

/** What one purge pass deleted; `more` when it stopped at its batch limit and more is due. */
export const purgeResultBody = obj({
  runs: z.number().int(),
  auditRows: z.number().int(),
  memoryEntries: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  more: z.boolean(),
});

export const workflowRetentionBody = obj({ runRetentionDays: days, legalHold: z.boolean() });
export const runHoldBody = obj({ runId: z.string(), legalHold: z.boolean() });

export const erasureJobSchema = obj({
  id: z.string(),
  subjectHash: z.string(),
  status: z.enum(["queued", "running", "done", "failed"]),
  reason: z.string(),
  requestedById: z.string().nullable(),
  createdAtMs: epochMs,
  startedAtMs: epochMs.nullable(),
  finishedAtMs: epochMs.nullable(),
  runsTotal: z.number().int(),
  runsDone: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  error: z.string().nullable(),
}).meta({ id: "ErasureJob" });
export const erasureJobBody = obj({ erasure: erasureJobSchema });
export const erasureJobsBody = obj({ erasures: z.array(erasureJobSchema) });

export const subjectRunsBody = obj({
  runs: z.array(
    obj({
      id: z.string(),
      workflowId: z.string(),
      workflowName: z.string(),
      status: z.string(),
      createdAt: isoTime,
      finishedAtMs: epochMs.nullable(),
      erasedAtMs: epochMs.nullable(),
      legalHold: z.boolean(),
    }),
  ),
});

export const personalDataBody = obj({ roles: z.array(roleSchema) });

/** The evidence pack (served as a file download, Content-Disposition: attachment). */
export const evidencePackBody = obj({
  format: z.literal("switchyard.evidence-pack/v1"),
  generatedAt: isoTime,
  generatedBy: z.string(),
  run: anyJson,
  workflow: anyJson,
  version: anyJson,
  input: anyJson,
  steps: z.array(anyJson),
  modelCalls: z.array(anyJson),
  tasks: z.array(anyJson),
  events: z.array(anyJson),
  audit: obj({ records: z.array(anyJson), chainProof: anyJson }),
}).meta({ id: "EvidencePack" });
