"use client";
import { useEffect, useRef, useState, useSyncExternalStore, type RefObject } from "react";

/**
 * A module loaded on first intent (hover, focus, press) instead of with the page, for UI that is
 * not on screen until the user asks for it (menus, popovers, tooltips). Components read it with
 * `use()`: null until loaded (and always during SSR and hydration), then the module; every
 * component using it re-renders once it is in. A failed load is retried on the next `preload()`.
 */
export function lazyModule<T>(load: () => Promise<T>) {
  let value: T | null = null;
  let pending: Promise<void> | null = null;
  const listeners = new Set<() => void>();
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const getSnapshot = () => value;
  const getServerSnapshot = () => null;
  return {
    preload(): void {
      pending ??= load().then(
        (m) => {
          value = m;
          for (const listener of listeners) listener();
        },
        () => {
          pending = null;
        },
      );
    },
    use(): T | null {
      return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
    },
  };
}

/**
 * For a trigger that is re-created when its lazy UI arrives: a ref for the new trigger that takes
 * the keyboard focus back once, on mount, when the old one had it.
 */
export function useRestoredFocus<T extends HTMLElement>(hadFocus: boolean): RefObject<T | null> {
  const ref = useRef<T>(null);
  const [initialFocus] = useState(hadFocus);
  useEffect(() => {
    if (initialFocus) ref.current?.focus();
  }, [initialFocus]);
  return ref;
}
