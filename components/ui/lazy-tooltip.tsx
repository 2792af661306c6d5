"use client";
import { cloneElement, useEffect, useRef, useState, type ComponentProps, type ReactElement, type ReactNode } from "react";
import { lazyModule } from "./lazy-module";

type TooltipUi = typeof import("./tooltip");
type TriggerProps = ComponentProps<"button">;

const tooltipModule = lazyModule(() => import("./tooltip"));

/**
 * A tooltip whose Radix implementation (popper, floating-ui) loads on the first hover or focus of
 * any lazy tooltip's trigger instead of with the page; from then on it is a plain `Tooltip`. The
 * trigger must carry its own accessible name (e.g. `aria-label`): the tooltip is a visual hint.
 */
export function LazyTooltip({ content, children }: { content: ReactNode; children: ReactElement<TriggerProps> }) {
  const ui = tooltipModule.use();
  const [focused, setFocused] = useState(false);
  if (ui) {
    return (
      <LoadedTooltip ui={ui} content={content} focusTrigger={focused}>
        {children}
      </LoadedTooltip>
    );
  }
  return cloneElement(children, {
    onPointerEnter: tooltipModule.preload,
    onFocus: () => {
      setFocused(true);
      tooltipModule.preload();
    },
    onBlur: () => setFocused(false),
  });
}

function LoadedTooltip({
  ui,
  content,
  focusTrigger,
  children,
}: {
  ui: TooltipUi;
  content: ReactNode;
  focusTrigger: boolean;
  children: ReactElement<TriggerProps>;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  // The trigger was re-created when the tooltip code arrived: keep the keyboard focus on it.
  const [initialFocus] = useState(focusTrigger);
  useEffect(() => {
    if (initialFocus) ref.current?.focus();
  }, [initialFocus]);
  return (
    <ui.Tooltip>
      <ui.TooltipTrigger asChild ref={ref}>
        {children}
      </ui.TooltipTrigger>
      <ui.TooltipContent>{content}</ui.TooltipContent>
    </ui.Tooltip>
  );
}
