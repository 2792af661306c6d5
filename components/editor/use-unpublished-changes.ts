"use client";
// "Unpublished changes": what the draft changes against the latest published version (nodes and
// edges added, removed, changed), recomputed shortly after each graph change. The version graph is
// immutable and cached (versionQuery); nothing is computed for a workflow never published. The
// differ (it normalises nodes with the zod schemas) loads on demand, like the validator.
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { DraftDiff, diffDraft as DiffDraft } from "@/lib/model/diff-details";
import { versionQuery } from "@/lib/queries/workflows";
import type { EditorStore } from "./editor-store";

let differ: Promise<typeof DiffDraft> | null = null;
const loadDiffer = () => (differ ??= import("@/lib/model/diff-details").then((m) => m.diffDraft));

export function useUnpublishedChanges(store: EditorStore, workflowId: string, version: number | null, delayMs = 250): DraftDiff | null {
  const published = useQuery({ ...versionQuery(workflowId, version ?? 0), enabled: version !== null });
  const graph = version !== null ? published.data?.graph : undefined;
  // The diff is kept with the version graph it was computed against: a stale one is never shown.
  const [state, setState] = useState<{ against: unknown; diff: DraftDiff } | null>(null);
  useEffect(() => {
    if (!graph) return;
    let disposed = false;
    const compute = () =>
      void loadDiffer().then(
        (diffDraft) => {
          if (!disposed) setState({ against: graph, diff: diffDraft(graph, store.toGraph()) });
        },
        () => undefined, // chunk failed to load (offline): no badge
      );
    compute();
    let v = store.getState().version;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = store.subscribe(() => {
      const next = store.getState().version;
      if (next === v) return;
      v = next;
      clearTimeout(timer);
      timer = setTimeout(compute, delayMs);
    });
    return () => {
      disposed = true;
      unsubscribe();
      clearTimeout(timer);
    };
  }, [graph, store, delayMs]);
  return graph && state?.against === graph ? state.diff : null;
}
