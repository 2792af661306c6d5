// Relative times for the inbox ("3h ago", "due in 20m", "overdue by 2d"), from the server's clock.
export function relative(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 60_000) return `${Math.max(1, Math.round(abs / 1000))}s`;
  if (abs < 3_600_000) return `${Math.round(abs / 60_000)}m`;
  if (abs < 86_400_000) return `${Math.round(abs / 3_600_000)}h`;
  return `${Math.round(abs / 86_400_000)}d`;
}

export function ageLabel(createdAtMs: number, now: number): string {
  return `${relative(now - createdAtMs)} ago`;
}

export function dueLabel(dueAtMs: number | null, now: number): { text: string; overdue: boolean; soon: boolean } {
  if (dueAtMs === null) return { text: "No due time", overdue: false, soon: false };
  if (dueAtMs <= now) return { text: `Overdue by ${relative(now - dueAtMs)}`, overdue: true, soon: false };
  return { text: `Due in ${relative(dueAtMs - now)}`, overdue: false, soon: dueAtMs - now < 86_400_000 };
}
