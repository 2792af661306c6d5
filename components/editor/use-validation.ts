"use client";
// Live validation of the draft with the model's validateGraph (debounced), summarised per node for
// the canvas badges and listed in full in the problems panel.
import { useEffect, useMemo, useState } from "react";
import type { NodeProblemSummary } from "@/components/canvas/canvas-types";
import { validateGraph, type Problem } from "@/lib/workflow/validate-graph";
import type { EditorStore } from "./editor-store";

export interface ValidationView {
  problems: Problem[];
  errors: number;
  warnings: number;
  byNode: Record<string, NodeProblemSummary>;
}

export function summarize(problems: Problem[]): ValidationView {
  const byNode: Record<string, NodeProblemSummary> = {};
  for (const p of problems) {
    if (!p.nodeId) continue;
    const entry = (byNode[p.nodeId] ??= { errors: 0, warnings: 0, messages: [] });
    if (p.severity === "error") entry.errors++;
    else entry.warnings++;
    entry.messages.push(p.message);
  }
  const errors = problems.filter((p) => p.severity === "error").length;
  return { problems, errors, warnings: problems.length - errors, byNode };
}

export function useValidation(store: EditorStore, delayMs = 200): ValidationView {
  const [problems, setProblems] = useState<Problem[]>(() => validateGraph(store.toGraph()).problems);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let version = store.getState().version;
    const unsubscribe = store.subscribe(() => {
      const next = store.getState().version;
      if (next === version) return;
      version = next;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setProblems(validateGraph(store.toGraph()).problems), delayMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [store, delayMs]);
  return useMemo(() => summarize(problems), [problems]);
}
