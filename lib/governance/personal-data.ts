// Personal data in answers: input-schema fields marked `"x-personal": true` are masked for every
// role without the "see personal data" grant (Setting "governance.personal-data", default: admin).
// Masking is by value: the run's personal input values are collected from its input through the
// start node's schema, then every string in the answer that contains one (step outputs, task
// payloads, model calls that copied it) has it replaced, and equal numbers become the mask. The API
// routes of run detail, run view, steps and tasks apply it on the server, so no client sees them.
import { z } from "zod";
import { appendAudit } from "@/lib/db/audit-store";
import { parseJsonColumn } from "@/lib/db/row-codec";
import { readSetting, writeSetting } from "@/lib/db/setting-store";
import type { SqlDb, SqlQuery } from "@/lib/db/sql";
import { selectRunInputAndGraph, selectTaskRunId } from "@/lib/db/subject-read";
import { roleSchema, roles, type Role } from "@/lib/auth/roles";

export const PERSONAL_DATA_SETTING = "governance.personal-data";
export const PERSONAL_MASK = "[personal]";
export const personalDataGrantSchema = z.strictObject({ roles: z.array(roleSchema).max(roles.length) });
export type PersonalDataGrant = z.output<typeof personalDataGrantSchema>;

export async function getPersonalDataGrant(q: SqlQuery): Promise<PersonalDataGrant> {
  const parsed = personalDataGrantSchema.safeParse(parseJsonColumn(await readSetting(q, PERSONAL_DATA_SETTING), null));
  return parsed.success ? parsed.data : { roles: ["admin"] };
}

export async function setPersonalDataGrant(db: SqlDb, next: PersonalDataGrant, actorId: string): Promise<PersonalDataGrant> {
  const roles = [...new Set(next.roles)];
  await db.tx(async (q) => {
    const before = await getPersonalDataGrant(q);
    await writeSetting(q, PERSONAL_DATA_SETTING, { roles });
    await appendAudit(q, db.dialect, {
      atMs: Date.now(),
      actorId,
      action: "personal_data.grant_changed",
      targetType: "settings",
      targetId: PERSONAL_DATA_SETTING,
      data: { diff: { from: before.roles, to: roles } },
    });
  });
  return { roles };
}

export async function maySeePersonalData(q: SqlQuery, role: Role): Promise<boolean> {
  return (await getPersonalDataGrant(q)).roles.includes(role);
}

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  "x-personal"?: unknown;
}

/** Every value under a field marked x-personal (whole subtrees of marked objects and arrays). */
export function personalValues(input: unknown, schema: unknown): (string | number)[] {
  const out: (string | number)[] = [];
  const collectAll = (v: unknown) => {
    if (typeof v === "string" && v.length >= 3) out.push(v);
    else if (typeof v === "number") out.push(v);
    else if (Array.isArray(v)) v.forEach(collectAll);
    else if (v && typeof v === "object") Object.values(v).forEach(collectAll);
  };
  const walk = (v: unknown, s: SchemaNode | undefined) => {
    if (!s || typeof s !== "object") return;
    if (s["x-personal"] === true) return collectAll(v);
    if (Array.isArray(v)) v.forEach((x) => walk(x, s.items));
    else if (v && typeof v === "object" && s.properties) {
      for (const [k, sub] of Object.entries(s.properties)) walk((v as Record<string, unknown>)[k], sub);
    }
  };
  walk(input, schema as SchemaNode);
  // longest first, so a value that contains another is masked whole
  return [...new Set(out)].sort((a, b) => String(b).length - String(a).length);
}

/** The input with every x-personal field replaced by the mask (numbers too: the field is known). */
export function maskInput(input: unknown, schema: unknown): unknown {
  const walk = (v: unknown, s: SchemaNode | undefined): unknown => {
    if (!s || typeof s !== "object" || v === undefined) return v;
    if (s["x-personal"] === true) return v === null ? null : PERSONAL_MASK;
    if (Array.isArray(v)) return v.map((x) => walk(x, s.items));
    if (v && typeof v === "object" && s.properties) {
      const o: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      for (const [k, sub] of Object.entries(s.properties)) if (k in o) o[k] = walk(o[k], sub);
      return o;
    }
    return v;
  };
  return walk(input, schema as SchemaNode);
}

export interface PersonalMask {
  /** Personal strings (and numbers, masked where they appear inside strings). */
  values: (string | number)[];
  /** The run input as JSON and masked through its schema: any copy of the whole input is replaced by it. */
  input?: { json: string; masked: unknown };
}

/**
 * `value` with personal data masked: a copy of the whole run input becomes the schema-masked input;
 * strings containing a personal value have it replaced. Numbers elsewhere are left alone (a token
 * count may equal an age); they are masked where the schema says so.
 */
export function maskValues<T>(value: T, m: PersonalMask): T {
  if (!m.values.length && !m.input) return value;
  const texts = m.values.map(String).filter((t) => t.length >= 3);
  const mask = (v: unknown): unknown => {
    if (typeof v === "string") {
      let s = v;
      for (const p of texts) if (s.includes(p)) s = s.split(p).join(PERSONAL_MASK);
      return s;
    }
    if (Array.isArray(v)) return v.map(mask);
    if (v && typeof v === "object") {
      if (m.input && JSON.stringify(v) === m.input.json) return m.input.masked;
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[k] = mask(x);
      return o;
    }
    return v;
  };
  return mask(value) as T;
}

function startSchema(graphText: string): unknown {
  const g = parseJsonColumn(graphText, {}) as { nodes?: { kind?: string; config?: { inputSchema?: unknown } }[] };
  return g.nodes?.find((n) => n.kind === "start")?.config?.inputSchema ?? null;
}

/** What to mask in answers about the run, or null when the caller may see personal data (or there is none). */
export async function personalMaskForRun(q: SqlQuery, runId: string, role: Role): Promise<PersonalMask | null> {
  if (await maySeePersonalData(q, role)) return null;
  const row = await selectRunInputAndGraph(q, runId);
  if (!row) return null;
  const input = parseJsonColumn(row.input, {});
  const schema = startSchema(row.graph);
  const values = personalValues(input, schema);
  if (!values.length) return null;
  return { values, input: { json: JSON.stringify(input), masked: maskInput(input, schema) } };
}

/** An answer about one run, masked for the caller's role. */
export async function maskForRun<T>(q: SqlQuery, runId: string, role: Role, answer: T): Promise<T> {
  const m = await personalMaskForRun(q, runId, role);
  return m ? maskValues(answer, m) : answer;
}

/** An answer about one task, masked for the caller's role. */
export async function maskForTask<T>(q: SqlQuery, taskId: string, role: Role, answer: T): Promise<T> {
  const runId = await selectTaskRunId(q, taskId);
  return runId ? maskForRun(q, runId, role, answer) : answer;
}
