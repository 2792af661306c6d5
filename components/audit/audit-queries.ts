// Fetchers and URL builders for the Audit page (all through /api/v1/audit).
import { apiFetch } from "@/lib/queries/api-fetch";

export interface AuditFilters {
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  from: string;
  to: string;
  q: string;
}

export const emptyFilters: AuditFilters = { actorId: "", action: "", targetType: "", targetId: "", from: "", to: "", q: "" };

export interface AuditEventView {
  id: number;
  atMs: number;
  actorId: string | null;
  actorEmail: string | null;
  actorType: string;
  action: string;
  targetType: string;
  targetId: string;
  hash: string;
}

export interface AuditDetailView {
  event: AuditEventView & { data: unknown; prevHash: string };
  links: { kind: string; id: string; href: string }[];
}

/** Filters as query parameters; datetime-local values (the browser's local time) become ISO times. */
export function filterParams(f: AuditFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of ["actorId", "action", "targetType", "targetId", "q"] as const) if (f[k].trim()) p.set(k, f[k].trim());
  if (f.from) p.set("from", String(new Date(f.from).getTime()));
  if (f.to) p.set("to", String(new Date(f.to).getTime()));
  return p;
}

export const fetchAuditPage = (f: AuditFilters, before: number | null) => {
  const p = filterParams(f);
  if (before !== null) p.set("before", String(before));
  p.set("limit", "50");
  return apiFetch<{ events: AuditEventView[]; nextCursor: number | null }>(`/api/v1/audit?${p}`);
};

export const fetchAuditEvent = (id: number) => apiFetch<AuditDetailView>(`/api/v1/audit/${id}`);

export const exportUrl = (f: AuditFilters, format: "jsonl" | "csv") => {
  const p = filterParams(f);
  p.set("format", format);
  return `/api/v1/audit/export?${p}`;
};

export interface Checkpoint {
  id: number;
  seq: number;
  headHash: string;
  atMs: number;
  signature: string;
  publicKey: string;
}

export const fetchCheckpoints = () => apiFetch<{ publicKey: string; checkpoints: Checkpoint[] }>("/api/v1/audit/checkpoints");
export const signCheckpointNow = () => apiFetch<{ checkpoint: Checkpoint | null }>("/api/v1/audit/checkpoints", { method: "POST" });
