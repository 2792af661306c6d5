// Below this width the editor opens with its side panels collapsed, so the canvas keeps the screen.
export const NARROW_SCREEN = 1024;

export function isNarrowScreen(): boolean {
  return typeof window !== "undefined" && window.innerWidth < NARROW_SCREEN;
}
