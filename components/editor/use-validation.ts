"use client";
// Live validation of the draft with the model's validateGraph, summarised per node for the canvas
// badges and listed in full in the problems panel. The validator (zod configs, JSONata syntax
// checks) is loaded on demand and first runs when the browser is idle after the canvas has painted,
// then debounced after each graph change, so opening a large workflow is not held up by it.
import { useEffect, useMemo, useState } from "react";
import type { NodeProblemSummary } from "@/components/canvas/canvas-types";
import type { DesignEnvironment, Problem, validateGraph as ValidateGraph } from "@/lib/model/validate-graph";
import type { EditorStore } from "./editor-store";

export interface ValidationView {
  problems: Problem[];
  errors: number;
  warnings: number;
  byNode: Record<string, NodeProblemSummary>;
  /** False until the draft has been validated once. */
  checked: boolean;
}

export function summarize(problems: Problem[], checked = true): ValidationView {
  const byNode: Record<string, NodeProblemSummary> = {};
  for (const p of problems) {
    if (!p.nodeId) continue;
    const entry = (byNode[p.nodeId] ??= { errors: 0, warnings: 0, messages: [] });
    if (p.severity === "error") entry.errors++;
    else entry.warnings++;
    entry.messages.push(p.message);
  }
  const errors = problems.filter((p) => p.severity === "error").length;
  return { problems, errors, warnings: problems.length - errors, byNode, checked };
}

let validator: Promise<typeof ValidateGraph> | null = null;
const loadValidator = () => (validator ??= import("@/lib/model/validate-graph").then((m) => m.validateGraph));

function whenIdle(run: () => void): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const handle = window.requestIdleCallback(run, { timeout: 1000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 50);
  return () => clearTimeout(handle);
}

/** With `env`, references (providers, models, assignees, credentials) are checked against the workspace too. */
export function useValidation(store: EditorStore, env?: DesignEnvironment, delayMs = 200): ValidationView {
  const [result, setResult] = useState<{ problems: Problem[]; checked: boolean }>({ problems: [], checked: false });
  useEffect(() => {
    let disposed = false;
    let cancel: (() => void) | null = null;
    const validate = () => {
      cancel = null;
      void loadValidator().then(
        (validateGraph) => {
          if (!disposed) setResult({ problems: validateGraph(store.toGraph(), env).problems, checked: true });
        },
        () => undefined, // chunk failed to load (offline): keep the last result; the server validates on publish
      );
    };
    cancel = whenIdle(validate);
    let version = store.getState().version;
    const unsubscribe = store.subscribe(() => {
      const next = store.getState().version;
      if (next === version) return;
      version = next;
      cancel?.();
      const timer = setTimeout(validate, delayMs);
      cancel = () => clearTimeout(timer);
    });
    return () => {
      disposed = true;
      unsubscribe();
      cancel?.();
    };
  }, [store, env, delayMs]);
  return useMemo(() => summarize(result.problems, result.checked), [result]);
}
