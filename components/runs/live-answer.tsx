"use client";
// The answer a model is writing for a running agent step, as it streams in over SSE. It is not
// stored: once the step ends, the inspector shows the step's output (the stored answer) instead.
// Screen readers hear it once it is complete (aria-busy while it streams), not token by token.
import { Badge } from "@/components/ui/badge";
import type { LiveText } from "@/lib/monitoring/live-text-merge";

export function LiveAnswer({ live }: { live: LiveText }) {
  return (
    <section aria-labelledby="live-answer-title" className="grid gap-2 rounded-md border p-3" data-testid="live-answer">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="live-answer-title" className="text-sm font-medium">
          Model answer so far
        </h3>
        <Badge variant={live.done ? "secondary" : "outline"}>{live.done ? "complete" : "streaming…"}</Badge>
        <span className="text-xs text-muted-foreground">model call {live.seq + 1} · not stored until the step ends</span>
      </div>
      <pre
        aria-live="polite"
        aria-busy={!live.done}
        className="max-h-72 overflow-auto whitespace-pre-wrap break-words rounded bg-muted p-2 font-mono text-xs"
        data-testid="live-answer-text"
      >
        {live.from > 0 && <span className="text-muted-foreground">… </span>}
        {live.text}
      </pre>
    </section>
  );
}
