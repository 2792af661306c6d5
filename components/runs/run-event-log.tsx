"use client";
// The run's RunEvents, newest first, live; older pages load on demand.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import type { RunEventMessage } from "@/lib/monitoring/sse-messages";
import { olderRunEvents } from "@/lib/queries/runs";
import { LocalTime } from "./local-time";

export function RunEventLog({
  runId,
  events,
  hasOlder,
  names,
  onStep,
}: {
  runId: string;
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
            <TableHead className="w-40">Time</TableHead>
            <TableHead>Event</TableHead>
            <TableHead>Step</TableHead>
            <TableHead>Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {all.map((e) => (
            <TableRow key={e.id} data-event-type={e.type}>
              <TableCell className="whitespace-nowrap text-xs">
                <LocalTime value={e.atMs} />
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
