import { useSyncExternalStore } from "react";

// Below this width the editor opens with its side panels collapsed, so the canvas keeps the screen.
export const NARROW_SCREEN = 1024;
// Below this width (phones) the editor is a read-only view: the canvas and a notice, no editing.
export const PHONE_SCREEN = 640;

export function isNarrowScreen(): boolean {
  return typeof window !== "undefined" && window.innerWidth < NARROW_SCREEN;
}

/** A phone-sized window (< 640 px), read once: for defaults such as the minimap starting hidden. */
export function isPhoneScreen(): boolean {
  return typeof window !== "undefined" && window.innerWidth < PHONE_SCREEN;
}

const phoneQuery = `(max-width: ${PHONE_SCREEN - 0.02}px)`;

function subscribePhone(onChange: () => void): () => void {
  const mql = window.matchMedia(phoneQuery);
  mql.addEventListener("change", onChange);
  return () => mql.removeEventListener("change", onChange);
}

/** True on a phone-sized screen (< 640 px); false on the server, which cannot know. */
export function usePhoneScreen(): boolean {
  return useSyncExternalStore(
    subscribePhone,
    () => window.matchMedia(phoneQuery).matches,
    () => false,
  );
}
