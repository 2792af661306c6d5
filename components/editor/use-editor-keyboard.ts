"use client";
// Editor shortcuts and clipboard. Copy/cut/paste use the native clipboard events (so nodes travel
// as JSON text between workflows, tabs and other apps); `beforecopy`/`beforepaste` are cancelled
// so the browser fires them even though no text is selected. When a browser does not fire them,
// the keydown handler falls back to the async Clipboard API, then to an in-app clipboard.
import { useCallback, useEffect, useRef } from "react";
import { CLIPBOARD_FORMAT, copySelection, type ClipboardPayload } from "@/lib/model/clipboard";
import type { EditorStore } from "./editor-store";

type ClipboardParser = typeof import("@/lib/model/clipboard-schema");
const loadClipboardParser = () => import("@/lib/model/clipboard-schema");

/** Before the parser is in: whether the text is JSON in the Switchyard clipboard format at all. */
function looksLikeSelection(text: string): boolean {
  try {
    const raw: unknown = JSON.parse(text);
    return typeof raw === "object" && raw !== null && (raw as { format?: unknown }).format === CLIPBOARD_FORMAT;
  } catch {
    return false;
  }
}

let memoryClipboard: string | null = null;
const STORAGE_KEY = "switchyard:clipboard";

function rememberClipboard(text: string) {
  memoryClipboard = text;
  try {
    localStorage.setItem(STORAGE_KEY, text);
  } catch {
    // storage full or disabled: the in-memory copy still works in this tab
  }
}

function recalledClipboard(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? memoryClipboard;
  } catch {
    return memoryClipboard;
  }
}

export function isEditableTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit", "range", "color", "file"].includes(target.type);
  return false;
}

function inDialog(target: EventTarget | null): boolean {
  return target instanceof Element && !!target.closest('[role="dialog"],[role="alertdialog"]');
}

export interface EditorKeyboardActions {
  readOnly: boolean;
  /** Paste position when the nodes come from elsewhere (viewport centre, in flow coordinates). */
  pastePosition: () => { x: number; y: number };
  onPasted: (result: { pasted: number; skippedStart: number; droppedWebhooks: number }) => void;
  onCopied: (count: number) => void;
  onHelp: () => void;
  onLayout: () => void;
  onFitView: () => void;
}

export function useEditorKeyboard(store: EditorStore, actions: EditorKeyboardActions) {
  const ref = useRef(actions);
  useEffect(() => {
    ref.current = actions;
  });

  useEffect(() => {
    let pasteCount = 0;
    let lastPasted: string | null = null;
    let handledCopy = false;
    let handledPaste = false;

    const selectionText = (): string | null => {
      const payload = copySelection(store.toGraph(), new Set(store.selectedNodeIds()));
      return payload ? JSON.stringify(payload) : null;
    };

    // The clipboard parser (zod) loads after the editor has painted, not with it; validation needs
    // zod at about the same time. A paste before it is in waits for it.
    let parser: ClipboardParser | null = null;
    const parserReady = loadClipboardParser().then((m) => {
      parser = m;
    });
    parserReady.catch(() => undefined);

    const pasteText = (text: string | null): boolean => {
      if (!text || ref.current.readOnly) return false;
      if (!parser) {
        if (!looksLikeSelection(text)) return false;
        void parserReady.then(() => pasteText(text)).catch(() => undefined);
        return true;
      }
      const payload: ClipboardPayload | null = parser.parseClipboard(text);
      if (!payload) return false;
      const ids = new Set(store.getState().nodes.map((n) => n.id));
      const fromHere = payload.nodes.every((n) => ids.has(n.id));
      pasteCount = text === lastPasted ? pasteCount + 1 : 1;
      lastPasted = text;
      let at = ref.current.pastePosition();
      if (fromHere) {
        const minX = Math.min(...payload.nodes.map((n) => n.position.x));
        const minY = Math.min(...payload.nodes.map((n) => n.position.y));
        at = { x: minX + 48 * pasteCount, y: minY + 48 * pasteCount };
      }
      ref.current.onPasted(store.paste(payload, at));
      return true;
    };

    const copyNow = (cut: boolean): string | null => {
      const text = selectionText();
      if (!text) return null;
      rememberClipboard(text);
      ref.current.onCopied(store.selectedNodeIds().length);
      if (cut && !ref.current.readOnly) store.deleteNodes(store.selectedNodeIds());
      return text;
    };

    const wantsClipboard = (e: Event) => !isEditableTarget(e.target) && !inDialog(e.target) && !isEditableTarget(document.activeElement);

    const onBeforeCopy = (e: Event) => {
      if (wantsClipboard(e) && store.selectedNodeIds().length > 0) e.preventDefault();
    };
    const onBeforePaste = (e: Event) => {
      if (wantsClipboard(e) && !ref.current.readOnly) e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent, cut = false) => {
      if (!wantsClipboard(e) || store.selectedNodeIds().length === 0) return;
      const text = copyNow(cut);
      if (!text) return;
      handledCopy = true;
      e.preventDefault();
      e.clipboardData?.setData("text/plain", text);
    };
    const onCut = (e: ClipboardEvent) => onCopy(e, true);
    const onPaste = (e: ClipboardEvent) => {
      if (!wantsClipboard(e)) return;
      const text = e.clipboardData?.getData("text/plain") ?? null;
      handledPaste = true;
      if (pasteText(text)) e.preventDefault();
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (isEditableTarget(e.target) || inDialog(e.target) || e.defaultPrevented) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "z") {
        e.preventDefault();
        if (ref.current.readOnly) return;
        if (e.shiftKey) store.redo();
        else store.undo();
      } else if (mod && key === "y") {
        e.preventDefault();
        if (!ref.current.readOnly) store.redo();
      } else if (mod && key === "a") {
        e.preventDefault();
        store.selectAll();
      } else if (mod && key === "d") {
        e.preventDefault();
        const text = selectionText();
        if (text) pasteText(text);
      } else if (mod && (key === "c" || key === "x")) {
        handledCopy = false;
        const cut = key === "x";
        setTimeout(() => {
          if (handledCopy) return;
          const text = copyNow(cut);
          if (text) void navigator.clipboard?.writeText(text).catch(() => undefined);
        }, 0);
      } else if (mod && key === "v") {
        handledPaste = false;
        setTimeout(() => {
          if (handledPaste) return;
          const fallback = () => pasteText(recalledClipboard());
          if (navigator.clipboard?.readText) {
            navigator.clipboard
              .readText()
              .then((text) => {
                if (!pasteText(text)) fallback();
              })
              .catch(fallback);
          } else fallback();
        }, 0);
      } else if (!mod && !e.altKey && e.key === "?") {
        e.preventDefault();
        ref.current.onHelp();
      } else if (!mod && !e.altKey && e.shiftKey && key === "l") {
        e.preventDefault();
        if (!ref.current.readOnly) ref.current.onLayout();
      } else if (!mod && !e.altKey && !e.shiftKey && key === "f") {
        e.preventDefault();
        ref.current.onFitView();
      }
    };

    document.addEventListener("beforecopy", onBeforeCopy);
    document.addEventListener("beforecut", onBeforeCopy);
    document.addEventListener("beforepaste", onBeforePaste);
    document.addEventListener("copy", onCopy);
    document.addEventListener("cut", onCut);
    document.addEventListener("paste", onPaste);
    window.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("beforecopy", onBeforeCopy);
      document.removeEventListener("beforecut", onBeforeCopy);
      document.removeEventListener("beforepaste", onBeforePaste);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("cut", onCut);
      document.removeEventListener("paste", onPaste);
      window.removeEventListener("keydown", onKeyDown);
    };
  }, [store]);

  /** Copy the selection (toolbar / inspector button). Stable, so memoized panels keep it. */
  const copyToClipboard = useCallback(async () => {
    const payload = copySelection(store.toGraph(), new Set(store.selectedNodeIds()));
    if (!payload) return 0;
    const text = JSON.stringify(payload);
    rememberClipboard(text);
    await navigator.clipboard?.writeText(text).catch(() => undefined);
    return payload.nodes.length;
  }, [store]);
  return { copySelection: copyToClipboard };
}
