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
const tabletQuery = `(min-width: ${PHONE_SCREEN}px) and (max-width: ${NARROW_SCREEN - 0.02}px)`;
const portraitQuery = "(orientation: portrait)";

/** Whether a media query matches, kept current; `false` on the server, which cannot know. */
function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mql = window.matchMedia(query);
      mql.addEventListener("change", onChange);
      return () => mql.removeEventListener("change", onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** True on a phone-sized screen (< 640 px); false on the server, which cannot know. */
export function usePhoneScreen(): boolean {
  return useMediaQuery(phoneQuery);
}

/**
 * Where the inspector sheet sits on a tablet-sized screen (640–1023 px), or null on any other
 * width. Portrait keeps the canvas's full width above a bottom sheet; landscape (short and wide)
 * keeps its full height beside a right-hand one.
 */
export function useTabletSheetSide(): "bottom" | "right" | null {
  const tablet = useMediaQuery(tabletQuery);
  const portrait = useMediaQuery(portraitQuery);
  if (!tablet) return null;
  return portrait ? "bottom" : "right";
}
