// Agent memory shapes: per workflow and subject, "turn" entries (one exchange) and "fact" entries
// (key → value, written by the remember tool or edited by people). Content is JSON text, parsed here.
import { z } from "zod";

export const MAX_FACT_VALUE = 4000;
export const MAX_RETENTION_DAYS = 3650;

export const turnContentSchema = z.object({ user: z.string(), assistant: z.string() });
export const factContentSchema = z.object({ value: z.string() });
export const factKeySchema = z.string().trim().min(1, "Key is required").max(200);

export interface MemoryTurn {
  user: string;
  assistant: string;
  atMs: number;
}

export interface MemoryFact {
  key: string;
  value: string;
  atMs: number;
}

/** What the agent loads for a subject (stored as the "memory:load" sub-step). */
export interface MemoryContext {
  turns: MemoryTurn[];
  facts: MemoryFact[];
}

export interface MemoryEntryView {
  id: string;
  kind: "turn" | "fact";
  key: string | null;
  content: { user: string; assistant: string } | { value: string };
  runId: string | null;
  createdAtMs: number;
  expiresAtMs: number | null;
}

export interface MemorySubjectView {
  subjectKey: string;
  turns: number;
  facts: number;
  lastAtMs: number;
}

export interface MemoryWorkflowView {
  workflowId: string;
  name: string;
  subjects: number;
  entries: number;
  retentionDays: number | null;
}

export const retentionPatchSchema = z.strictObject({
  retentionDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable(),
});

export const entryPatchSchema = z.union([
  z.strictObject({ kind: z.literal("fact"), value: z.string().max(MAX_FACT_VALUE) }),
  z.strictObject({ kind: z.literal("turn"), user: z.string().max(20_000), assistant: z.string().max(20_000) }),
]);
export type EntryPatch = z.output<typeof entryPatchSchema>;

/** Workflow.settings keys owned by memory (the rest of the JSON belongs to other features). */
export const memorySettingsSchema = z.looseObject({
  memoryRetentionDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable().optional(),
});
