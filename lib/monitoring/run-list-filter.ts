// The runs list's filter, sort and page, as URL search parameters. Isomorphic: the page parses the
// URL with it on the server, the filter bar writes the same keys in the browser, and the bulk API
// accepts the same object, so "act on everything this filter shows" means exactly that.
import { z } from "zod";
import { RUN_STATUSES } from "@/lib/model/vocabulary";
import { outcomeName } from "@/lib/model/run-outcome";

export { RUN_STATUSES } from "@/lib/model/vocabulary";
export type { RunStatus as RunListStatus } from "@/lib/model/vocabulary";

export const TIME_RANGES = { "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000 } as const;
export type TimeRange = keyof typeof TIME_RANGES;

export const SORT_KEYS = ["started", "duration", "cost"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const PAGE_SIZES = [25, 50, 100] as const;

const id = z.string().trim().min(1).max(100);
const CURSOR = /^[A-Za-z0-9_-]+$/;
const epochMs = z.coerce.number().int().min(0).max(8_640_000_000_000_000);
const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

/** Everything optional: an empty object lists every run, newest first. */
export const runListFilterSchema = z
  .object({
    status: z.enum(RUN_STATUSES).optional(),
    /** An End node's outcome, or rejected / timed_out (lib/model/run-outcome.ts). */
    outcome: outcomeName.optional(),
    workflowId: id.optional(),
    versionId: id.optional(),
    initiatorId: id.optional(),
    /** Relative window ending now; `from`/`to` (epoch ms) set an absolute one. */
    range: z.enum(Object.keys(TIME_RANGES) as [TimeRange, ...TimeRange[]]).optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    hasOpenTasks: z.union([z.boolean(), flag]).optional(),
    /** A run id (or its first characters) or a value that appears in the run input. */
    q: z.string().trim().max(200).optional(),
    /** Test runs of drafts are left out unless asked for: `include` shows them with the others, `only` alone. */
    test: z.enum(["include", "only"]).optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from <= f.to, { message: "from must be before to", path: ["from"] });
export type RunListFilter = z.output<typeof runListFilterSchema>;

export const runListSortSchema = z.object({
  sort: z.enum(SORT_KEYS).default("started"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  /**
   * Keyset pagination: the rows after (next page) or before (previous page) this cursor, an opaque
   * token of the sort key and id of the last (first) row shown (lib/monitoring/run-list-cursor.ts).
   * No offset: every page costs the same index range however deep it is.
   */
  after: z.string().trim().regex(CURSOR, "not a page cursor").max(400).optional(),
  before: z.string().trim().regex(CURSOR, "not a page cursor").max(400).optional(),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), "pageSize must be 25, 50 or 100")
    .default(50),
});
export type RunListSort = z.output<typeof runListSortSchema>;

export const runListQuerySchema = z.object({
  ...runListFilterSchema.shape,
  ...runListSortSchema.shape,
});

/** Drop empty strings so `?status=` means "any". */
export function cleanParams(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const s = Array.isArray(v) ? v[0] : v;
    if (s !== undefined && s.trim() !== "") out[k] = s;
  }
  return out;
}

export interface ParsedRunListQuery {
  filter: RunListFilter;
  sort: RunListSort;
  /** Problems with the URL (shown to the user; the bad keys are ignored). */
  problems: string[];
}

/** What a bad URL value means to the person reading the page, and what the page does instead. */
const ignoredBecause: Record<string, (value: string) => string> = {
  status: (v) => `“${v}” is not a run status, so runs of every status are shown.`,
  range: (v) => `“${v}” is not a time range (1h, 24h, 7d or 30d), so runs of any time are shown.`,
  from: (v) => `“${v}” is not a start time (milliseconds since 1970), so it is ignored.`,
  to: (v) => `“${v}” is not an end time (milliseconds since 1970), so it is ignored.`,
  hasOpenTasks: (v) => `“${v}” is not yes or no for “has open tasks”, so that filter is ignored.`,
  q: () => "The search is longer than 200 characters, so it is ignored.",
  test: (v) => `“${v}” is not a test-run filter (include or only), so test runs are left out.`,
  sort: (v) => `Runs cannot be sorted by “${v}”; they are sorted by start time.`,
  dir: (v) => `“${v}” is not a sort direction; newest first is used.`,
  after: () => "The page link is not valid; the first page is shown.",
  before: () => "The page link is not valid; the first page is shown.",
  pageSize: (v) => `${v} runs per page is not offered (25, 50 or 100); 50 are shown.`,
};

/** A bad value, quoted short enough for a one-line notice. */
function quoted(value: string): string {
  const v = value.trim();
  return v.length > 40 ? `${v.slice(0, 40)}…` : v;
}

function friendlyProblem(key: string, value: string): string {
  const explain = ignoredBecause[key];
  return explain ? explain(quoted(value)) : `The link's “${key}” value is not valid, so it is ignored.`;
}

/**
 * Lenient parse for pages: each bad key is dropped with a plain-language notice (never the
 * validator's own text) instead of failing the page.
 */
export function parseRunListParams(params: Record<string, string | string[] | undefined>): ParsedRunListQuery {
  const raw = cleanParams(params);
  const problems: string[] = [];
  for (let i = 0; i < 20; i++) {
    const res = runListQuerySchema.safeParse(raw);
    if (res.success) {
      const { sort, dir, after, before, pageSize, ...filter } = res.data;
      const f = runListFilterSchema.safeParse(filter);
      if (!f.success) {
        delete raw.from;
        problems.push("The time range was reversed and is ignored.");
        continue;
      }
      return { filter: f.data, sort: { sort, dir, pageSize, ...(after ? { after } : before ? { before } : {}) }, problems };
    }
    const issue = res.error.issues[0];
    const key = String(issue.path[0] ?? "");
    if (!key || !(key in raw)) {
      return {
        filter: {},
        sort: runListSortSchema.parse({}),
        problems: [...problems, "The link's filters are not valid, so all runs are shown."],
      };
    }
    problems.push(friendlyProblem(key, raw[key]));
    delete raw[key];
  }
  return { filter: {}, sort: runListSortSchema.parse({}), problems };
}

/** The URL search string for a filter + sort (defaults omitted). */
export function runListSearch(filter: RunListFilter, sort: Partial<RunListSort> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== "" && v !== false) q.set(k, String(v));
  if (sort.sort && sort.sort !== "started") q.set("sort", sort.sort);
  if (sort.dir && sort.dir !== "desc") q.set("dir", sort.dir);
  if (sort.after) q.set("after", sort.after);
  else if (sort.before) q.set("before", sort.before);
  if (sort.pageSize && sort.pageSize !== 50) q.set("pageSize", String(sort.pageSize));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export function hasAnyFilter(f: RunListFilter): boolean {
  return Object.values(f).some((v) => v !== undefined && v !== false && v !== "");
}
