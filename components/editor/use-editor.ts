"use client";
import { createContext, useCallback, useContext, useRef, useSyncExternalStore } from "react";
import type { EditorState, EditorStore } from "./editor-store";

export const EditorStoreContext = createContext<EditorStore | null>(null);

export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditorStore outside the workflow editor");
  return store;
}

/** Subscribe to a slice of the editor state; re-renders only when `equal` says the slice changed. */
export function useEditorState<T>(select: (s: EditorState) => T, equal: (a: T, b: T) => boolean = Object.is): T {
  const store = useEditorStore();
  const cache = useRef<{ state: EditorState; select: (s: EditorState) => T; value: T } | null>(null);
  const getSnapshot = useCallback(() => {
    const state = store.getState();
    const prev = cache.current;
    if (prev && prev.state === state && prev.select === select) return prev.value;
    const value = select(state);
    if (prev && equal(prev.value, value)) {
      cache.current = { state, select, value: prev.value };
      return prev.value;
    }
    cache.current = { state, select, value };
    return value;
  }, [store, select, equal]);
  return useSyncExternalStore(store.subscribe, getSnapshot, getSnapshot);
}

export function shallowArrayEqual<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
