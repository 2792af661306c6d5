// Response schemas of the workflow routes (app/api/v1/workflows/**).
import { z } from "zod";
import { RUN_STATUSES } from "@/lib/model/vocabulary";
import { anyJson, isoTime, obj, userRef } from "./common";

const usage = obj({ runs: z.number(), tokens: z.number(), costUsd: z.number() });

export const workflowListBody = obj({
  workflows: z.array(
    obj({
      id: z.string(),
      name: z.string(),
      description: z.string(),
      updatedAt: isoTime,
      publishedVersion: z.number().int().nullable(),
      lastRunStatus: z.enum(RUN_STATUSES).nullable(),
      lastRunAt: isoTime.nullable(),
      usage30d: usage,
      usageTotal: usage,
    }).meta({ id: "WorkflowListItem" }),
  ),
});

export const draftSchema = obj({
  graph: anyJson,
  revision: z.number().int(),
  updatedAt: isoTime,
  updatedBy: userRef.nullable(),
}).meta({ id: "Draft" });

export const versionSummarySchema = obj({
  id: z.string(),
  version: z.number().int(),
  message: z.string(),
  schemaVersion: z.number().int(),
  createdAt: isoTime,
  author: userRef.nullable(),
}).meta({ id: "VersionSummary" });

/** Who made a version live and when. */
const liveMark = { since: isoTime.nullable(), by: userRef.nullable() };

export const liveVersionSchema = versionSummarySchema.extend(liveMark).meta({ id: "LiveVersion" });

export const workflowSchema = obj({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: isoTime,
  draft: draftSchema,
  latestVersion: versionSummarySchema.nullable(),
  liveVersion: liveVersionSchema.nullable(),
}).meta({ id: "Workflow" });

export const workflowBody = obj({ workflow: workflowSchema });
export const workflowCreatedBody = obj({
  workflow: obj({ id: z.string(), name: z.string() }),
  helpers: z.array(obj({ id: z.string(), name: z.string(), version: z.number().int() })),
});
export const workflowImportedBody = obj({ workflow: obj({ id: z.string(), name: z.string() }), problems: z.array(anyJson) });
export const workflowDuplicatedBody = obj({ workflow: obj({ id: z.string(), name: z.string() }) });
export const workflowPatchedBody = obj({ ok: z.literal(true), revision: z.number().int().optional(), updatedAt: isoTime.optional() });
export const publishedBody = obj({ version: versionSummarySchema, warnings: z.array(anyJson), live: z.boolean() });
export const versionsBody = obj({
  versions: z.array(versionSummarySchema.extend({ changes: z.string(), live: obj(liveMark).nullable() })),
});
export const liveBody = obj({ live: liveVersionSchema });
export const versionBody = obj({ version: versionSummarySchema.extend({ graph: anyJson }) });
export const draftBody = obj({ draft: draftSchema });
export const workflowFileBody = obj({
  format: z.literal("switchyard.workflow"),
  name: z.string(),
  description: z.string(),
  graph: anyJson,
}).meta({ id: "WorkflowFile" });
