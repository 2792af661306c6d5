"use client";
// The inspector on a tablet-sized screen (640–1023 px): a non-modal sheet over the canvas, at the
// bottom in portrait and on the right in landscape, so the canvas keeps its full width. Selecting a
// node opens it; the canvas stays usable beside it (no overlay, clicks outside do not close it);
// Escape or the close button close it and put focus back on the node. The selected node is panned
// into the part of the canvas the sheet leaves visible. Loaded only on such screens.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useReactFlow } from "@xyflow/react";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Sheet, SheetContent, SheetTitle } from "@/components/ui/sheet";
import { NODE_WIDTH } from "@/components/canvas/canvas-types";
import { revealViewport } from "@/lib/model/reveal-viewport";
import { cn } from "@/lib/utils";

export type SheetSide = "bottom" | "right";

export interface InspectorSheetProps {
  side: SheetSide;
  /** The canvas element: the sheet is mounted in it and covers only it. */
  container: HTMLElement;
  open: boolean;
  onClose: () => void;
  /** Move focus into the sheet when it opens (opened from the keyboard), not when a click opened it. */
  focusOnOpen: boolean;
  /** The node to keep in view while the sheet is open; a new `revealKey` reveals it again. */
  revealId: string | null;
  revealKey: number;
  /** Where focus goes when the sheet closes: the node it was showing. */
  onClosed: () => void;
  children: ReactNode;
}

export function InspectorSheet({
  side,
  container,
  open,
  onClose,
  focusOnOpen,
  revealId,
  revealKey,
  onClosed,
  children,
}: InspectorSheetProps) {
  const flow = useReactFlow();
  const contentRef = useRef<HTMLDivElement>(null);

  // The canvas's bottom controls (zoom, minimap) move above a bottom sheet (canvas.css).
  useEffect(() => {
    if (!open) return;
    container.setAttribute("data-inspector-sheet", side);
    return () => container.removeAttribute("data-inspector-sheet");
  }, [container, open, side]);

  // The canvas gets shorter when the Problems panel opens under it: reveal the node again then.
  const [resized, setResized] = useState(0);
  useEffect(() => {
    if (!open) return;
    let first = true;
    const observer = new ResizeObserver(() => {
      if (first) first = false;
      else setResized((n) => n + 1);
    });
    observer.observe(container);
    return () => observer.disconnect();
  }, [container, open]);

  useEffect(() => {
    if (!open || !revealId) return;
    // After the sheet's first layout: its size, not its slide-in transform, decides what it covers.
    const frame = requestAnimationFrame(() => {
      const sheet = contentRef.current;
      const node = flow.getInternalNode(revealId);
      if (!sheet || !node) return;
      const width = container.clientWidth;
      const height = container.clientHeight;
      const area =
        side === "bottom"
          ? { x: 0, y: 0, width, height: height - sheet.offsetHeight }
          : { x: 0, y: 0, width: width - sheet.offsetWidth, height };
      const box = {
        ...node.internals.positionAbsolute,
        width: node.measured.width ?? NODE_WIDTH,
        height: node.measured.height ?? 80,
      };
      const next = revealViewport(box, flow.getViewport(), area);
      if (next) void flow.setViewport(next, { duration: 200 });
    });
    return () => cancelAnimationFrame(frame);
  }, [open, revealId, revealKey, resized, side, container, flow]);

  return (
    <Sheet open={open} onOpenChange={(next) => !next && onClose()} modal={false}>
      <SheetContent
        ref={contentRef}
        side={side}
        container={container}
        overlay={false}
        showCloseButton={false}
        aria-describedby={undefined}
        data-testid="inspector-sheet"
        // Non-modal: the canvas behind stays usable, so a click or focus there does not close it.
        onInteractOutside={(e) => e.preventDefault()}
        onOpenAutoFocus={(e) => {
          e.preventDefault();
          if (focusOnOpen) contentRef.current?.focus();
        }}
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          onClosed();
        }}
        className={cn(
          "absolute z-20 gap-0 overflow-hidden",
          side === "bottom" ? "h-[45%] rounded-t-lg" : "h-full w-80 max-w-[60%] sm:max-w-[60%]",
        )}
      >
        <div className="flex h-9 shrink-0 items-center justify-between border-b pr-1 pl-4">
          <SheetTitle className="text-xs font-medium text-muted-foreground">Inspector</SheetTitle>
          <Button
            variant="ghost"
            size="icon"
            className="size-7"
            aria-label="Close inspector"
            title="Close inspector (Esc)"
            onClick={onClose}
          >
            <X className="size-4" aria-hidden />
          </Button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
      </SheetContent>
    </Sheet>
  );
}
