// Query parameters of GET /api/v1/tasks, parsed with zod on the server and built by the inbox UI.
// Isomorphic (zod only).
import { z } from "zod";

/** "Low confidence" means an agent confidence below this (0..1). */
export const LOW_CONFIDENCE = 0.6;
/** "Due soon" means due within this window from now. */
export const DUE_SOON_MS = 24 * 60 * 60 * 1000;
export const MAX_PAGE = 100;

export const assignedFilters = ["all", "me", "roles", "everyone"] as const;
export type AssignedFilter = (typeof assignedFilters)[number];

export const assignedLabels: Record<AssignedFilter, string> = {
  all: "All I can decide",
  me: "Assigned to me",
  roles: "My roles",
  everyone: "Everyone's (read-only)",
};

export const taskSorts = ["due", "oldest", "newest"] as const;
export type TaskSort = (typeof taskSorts)[number];

export const sortLabels: Record<TaskSort, string> = {
  due: "Due soonest",
  oldest: "Oldest first",
  newest: "Newest first",
};

const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const taskListQuery = z.strictObject({
  /**
   * all: what I may decide (admins: every open task); me: assigned to me by name; roles: assigned to
   * one of my roles; everyone: every open task, read-only where I may not decide.
   */
  assigned: z.enum(assignedFilters).optional(),
  workflowId: z.string().min(1).max(100).optional(),
  due: z.enum(["soon", "overdue"]).optional(),
  lowConfidence: flag,
  sort: z.enum(taskSorts).default("due"),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  cursor: z.string().min(1).max(500).optional(),
});

export type TaskListQuery = z.output<typeof taskListQuery>;
export type TaskListFilters = Omit<z.input<typeof taskListQuery>, "limit" | "cursor" | "lowConfidence"> & {
  lowConfidence?: boolean;
};

/** Build the query string for a filter set (the UI's links and fetches). */
export function taskListSearch(f: TaskListFilters & { cursor?: string | null; limit?: number }): string {
  const p = new URLSearchParams();
  if (f.assigned) p.set("assigned", f.assigned);
  if (f.workflowId) p.set("workflowId", f.workflowId);
  if (f.due) p.set("due", f.due);
  if (f.lowConfidence) p.set("lowConfidence", "true");
  if (f.sort && f.sort !== "due") p.set("sort", f.sort);
  if (f.limit) p.set("limit", String(f.limit));
  if (f.cursor) p.set("cursor", f.cursor);
  return p.toString();
}

/** Filters from the page's search params (unknown or bad values fall back to the defaults). */
export function filtersFromSearch(raw: Record<string, string | string[] | undefined>): TaskListFilters {
  const flat = Object.fromEntries(
    Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" && k !== "cursor" && k !== "limit" ? [[k, v]] : [])),
  );
  const r = taskListQuery.safeParse(flat);
  if (!r.success) return { sort: "due" };
  const { assigned, workflowId, due, lowConfidence, sort } = r.data;
  return { assigned, workflowId, due, lowConfidence: lowConfidence || undefined, sort };
}
