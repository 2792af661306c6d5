"use client";
// A timestamp in the viewer's time zone. The server renders it in its own zone; the browser corrects
// it on hydration, so the mismatch warning is suppressed on purpose.
import { formatDateTime } from "@/lib/format";

export function LocalTime({ value, className }: { value: number | string | null | undefined; className?: string }) {
  if (value === null || value === undefined) return <span className={className}>—</span>;
  const d = new Date(value);
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()} className={className} suppressHydrationWarning>
      {formatDateTime(d)}
    </time>
  );
}
