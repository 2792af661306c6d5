"use client";
// Per-node decorations (validation problems, run status, read-only flag) delivered to node
// components through a tiny keyed store, so a node re-renders only when ITS decoration changes —
// node components never subscribe to the nodes array or to every node's state.
import { createContext, useContext, useLayoutEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import type { NodeProblemSummary, NodeRunStatus } from "./canvas-types";

interface Decorations {
  problems: Record<string, NodeProblemSummary>;
  status: Record<string, NodeRunStatus>;
  readOnly: boolean;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Keep the previous object for every entry that did not change (stable references → no re-render). */
function reuse<T>(prev: Record<string, T>, next: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [id, value] of Object.entries(next)) out[id] = prev[id] !== undefined && same(prev[id], value) ? prev[id] : value;
  return out;
}

class DecorationStore {
  private state: Decorations = { problems: {}, status: {}, readOnly: false };
  private listeners = new Set<() => void>();

  get = () => this.state;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(next: Partial<Decorations>) {
    const state = {
      problems: next.problems ? reuse(this.state.problems, next.problems) : this.state.problems,
      status: next.status ? reuse(this.state.status, next.status) : this.state.status,
      readOnly: next.readOnly ?? this.state.readOnly,
    };
    this.state = state;
    for (const l of this.listeners) l();
  }
}

const DecorationContext = createContext<DecorationStore | null>(null);
const EMPTY: Record<string, never> = {};

export function DecorationProvider({
  problems = EMPTY,
  status = EMPTY,
  readOnly = false,
  children,
}: {
  problems?: Record<string, NodeProblemSummary>;
  status?: Record<string, NodeRunStatus>;
  readOnly?: boolean;
  children: ReactNode;
}) {
  const [store] = useState(() => new DecorationStore());
  useLayoutEffect(() => store.set({ problems, status, readOnly }), [store, problems, status, readOnly]);
  return <DecorationContext.Provider value={store}>{children}</DecorationContext.Provider>;
}

function useDecoration<T>(select: (d: Decorations) => T): T {
  const store = useContext(DecorationContext);
  return useSyncExternalStore(
    store ? store.subscribe : noopSubscribe,
    () => select(store ? store.get() : EMPTY_DECORATIONS),
    () => select(EMPTY_DECORATIONS),
  );
}

const EMPTY_DECORATIONS: Decorations = { problems: {}, status: {}, readOnly: false };
const noopSubscribe = () => () => undefined;

export const useNodeProblems = (id: string) => useDecoration((d) => d.problems[id]);
export const useNodeRunStatus = (id: string) => useDecoration((d) => d.status[id]);
export const useCanvasReadOnly = () => useDecoration((d) => d.readOnly);
