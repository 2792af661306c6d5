// Labels shared by the monitoring pages (isomorphic).

const money3 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumSignificantDigits: 3 });
const money2 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A cost in dollars. From one cent up: two decimals ("$1.25"). Below one cent: three significant
 * digits ("$0.0000276"), not "<$0.01": a single model call usually costs a fraction of a cent, and
 * an operator comparing two agent steps (or two models) needs to see that one costs ten times the
 * other; "<$0.01" on every row would hide exactly that. Zero (or unknown) is "—".
 */
export function formatCost(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd) || usd === 0) return "—";
  return Math.abs(usd) < 0.01 ? money3.format(usd) : money2.format(usd);
}

/** A tick of a cost axis: "$0" at the origin, otherwise like formatCost (so sub-cent ticks differ). */
export function formatCostTick(usd: number): string {
  if (!usd) return "$0";
  return formatCost(usd);
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

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Time since the run started, to the millisecond: "+0 ms", "+116 ms", "+1.234 s", "+2m 03.456s", "+1h 02m 03s". */
export function formatOffset(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const sign = ms < 0 ? "−" : "+";
  const a = Math.round(Math.abs(ms));
  if (a < 1000) return `${sign}${a} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(3)} s`;
  const h = Math.floor(a / 3_600_000);
  const m = Math.floor((a % 3_600_000) / 60_000);
  const s = (a % 60_000) / 1000;
  if (h === 0) return `${sign}${m}m ${pad(Math.floor(s))}.${pad(a % 1000, 3)}s`;
  return `${sign}${h}h ${pad(m)}m ${pad(Math.floor(s))}s`;
}

/** An absolute time with milliseconds in the viewer's zone: "2026-12-06 22:15:31.042". */
export function formatTimeMs(atMs: number | null | undefined): string {
  if (atMs === null || atMs === undefined || !Number.isFinite(atMs)) return "—";
  const d = new Date(atMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
