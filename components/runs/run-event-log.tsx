"use client";
// The run's RunEvents, newest first, live; older pages load on demand. Times are relative to the
// run's start to the millisecond (a 116 ms run has distinct times), absolute on hover.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { RunEventMessage } from "@/lib/monitoring/sse-messages";
import { olderRunEvents } from "@/lib/queries/runs";
import { formatOffset, formatTimeMs } from "@/lib/monitoring/format-run";

export function RunEventLog({
  runId,
  runStartMs,
  events,
  hasOlder,
  names,
  onStep,
}: {
  runId: string;
  /** Times are shown relative to this, to the millisecond (absolute on hover). */
  runStartMs: number;
  events: RunEventMessage[];
  hasOlder: boolean;
  names: Record<string, string>;
  onStep: (stepKey: string) => void;
}) {
  const [older, setOlder] = useState<RunEventMessage[]>([]);
  const [more, setMore] = useState(hasOlder);
  const [loading, setLoading] = useState(false);
  const all = [...older, ...events].reverse();
  const loadOlder = async () => {
    const first = older[0] ?? events[0];
    if (!first) return;
    setLoading(true);
    try {
      const page = await olderRunEvents(runId, first.id);
      setOlder((o) => [...page.events, ...o]);
      setMore(page.hasOlder);
    } catch (e) {
      toast.error(e instanceof Error ? e.message : "Could not load older events");
    } finally {
      setLoading(false);
    }
  };
  return (
    <div className="grid gap-2">
      <Table aria-label="Run events" data-testid="run-event-log">
        <TableHeader>
          <TableRow>
            <TableHead className="w-28">Time</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Step</TableHead>
            <TableHead>Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {all.map((e) => (
            <TableRow key={e.id} data-event-type={e.type}>
              <TableCell className="whitespace-nowrap text-xs tabular-nums">
                <time dateTime={new Date(e.atMs).toISOString()} title={formatTimeMs(e.atMs)} suppressHydrationWarning>
                  {formatOffset(e.atMs - runStartMs)}
                </time>
              </TableCell>
              <TableCell className="font-mono text-xs">{e.type}</TableCell>
              <TableCell className="text-xs">
                {e.stepKey ? (
                  <button type="button" className="text-primary hover:underline" onClick={() => onStep(e.stepKey!)}>
                    {names[e.stepKey] ?? e.stepKey}
                  </button>
                ) : (
                  "—"
                )}
              </TableCell>
              <TableCell className="max-w-md truncate font-mono text-xs text-muted-foreground" title={JSON.stringify(e.data)}>
                {Object.keys((e.data as object | null) ?? {}).length ? JSON.stringify(e.data) : ""}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {more && (
        <Button variant="outline" size="sm" className="justify-self-start" disabled={loading} onClick={() => void loadOlder()}>
          {loading && <Spinner />} Load older events
        </Button>
      )}
    </div>
  );
}
