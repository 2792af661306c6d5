// Labels shared by the monitoring pages (isomorphic).
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || usd === 0) return "—";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export const TRIGGER_LABELS: Record<string, string> = {
  manual: "Manual",
  api: "API",
  subworkflow: "Sub-workflow",
  rerun: "Rerun",
  webhook: "Webhook",
};

export function triggerLabel(trigger: string): string {
  return TRIGGER_LABELS[trigger] ?? trigger;
}

export const WAITING_LABELS: Record<string, string> = { task: "Task", timer: "Timer", child: "Child run" };

export function shortId(id: string): string {
  return id.slice(0, 8);
}

export function formatTokens(n: number | null | undefined): string {
  if (!n) return "—";
  return n >= 10_000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}
