import type { KeyboardEvent } from "react";

/** Ctrl+Enter (⌘+Enter on a Mac): the "send" chord of multi-line dialogs, where plain Enter adds a line. */
export function isModEnter(e: KeyboardEvent): boolean {
  return e.key === "Enter" && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing;
}

/** onKeyDown for a form: Ctrl/⌘+Enter anywhere inside submits it (through its own validation). */
export function submitOnModEnter(e: KeyboardEvent<HTMLFormElement>): void {
  if (!isModEnter(e)) return;
  e.preventDefault();
  e.currentTarget.requestSubmit();
}
