// Where an audit event points in the app: its target, and the run, task or workflow its data names.
export interface AuditLink {
  kind: "run" | "task" | "workflow" | "user";
  id: string;
  href: string;
}

const hrefOf: Record<AuditLink["kind"], (id: string) => string> = {
  run: (id) => `/runs/${encodeURIComponent(id)}`,
  task: (id) => `/inbox/${encodeURIComponent(id)}`,
  workflow: (id) => `/workflows/${encodeURIComponent(id)}`,
  user: (id) => `/audit?actorId=${encodeURIComponent(id)}`,
};

export function auditLinks(e: { targetType: string; targetId: string; actorId: string | null; data: unknown }): AuditLink[] {
  const out: AuditLink[] = [];
  const add = (kind: AuditLink["kind"], id: unknown) => {
    if (typeof id !== "string" || !id || out.some((l) => l.kind === kind && l.id === id)) return;
    out.push({ kind, id, href: hrefOf[kind](id) });
  };
  if (e.targetType in hrefOf) add(e.targetType as AuditLink["kind"], e.targetId);
  const d = (e.data && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>;
  add("run", d.runId);
  add("task", d.taskId);
  add("workflow", d.workflowId);
  if (e.actorId) add("user", e.actorId);
  return out;
}
