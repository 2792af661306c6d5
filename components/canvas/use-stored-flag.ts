"use client";
// A boolean UI preference (a collapsed panel, a hidden minimap) remembered in localStorage. The
// server and the first client render use the default; the stored value applies right after.
import { useCallback, useSyncExternalStore } from "react";

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * `[value, set]` for the preference `key`. Nothing stored (or storage blocked): `browserDefault()`
 * in the browser (e.g. collapsed on a narrow screen), `serverDefault` while hydrating.
 */
export function useStoredFlag(
  key: string,
  serverDefault: boolean,
  browserDefault: () => boolean = () => serverDefault,
): [boolean, (value: boolean) => void] {
  const stored = useSyncExternalStore(
    subscribe,
    () => read(key) ?? (browserDefault() ? "1" : "0"),
    () => (serverDefault ? "1" : "0"),
  );
  const value = stored === "1";
  const set = useCallback(
    (next: boolean) => {
      try {
        localStorage.setItem(key, next ? "1" : "0");
      } catch {
        // Storage blocked: the preference lasts for this page only.
      }
      for (const l of listeners) l();
    },
    [key],
  );
  return [value, set];
}
