"use client";
import {
  cloneElement,
  type ComponentProps,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type ReactElement,
  type ReactNode,
} from "react";
import { lazyModule, useRestoredFocus } from "./lazy-module";

type DropdownMenuUi = typeof import("./dropdown-menu");
type TriggerProps = ComponentProps<"button">;

const menuModule = lazyModule(() => import("./dropdown-menu"));

/**
 * A dropdown menu whose Radix implementation (menu, popper, focus and scroll management) loads on
 * first hover, focus or press of its trigger rather than with the page. Until then the trigger is
 * the same button with `aria-haspopup="menu"`; pressing it (pointer down, Enter, Space, Arrow Down,
 * as Radix's trigger does) opens the menu as soon as the code is in. `content` renders the
 * `DropdownMenuContent` with the loaded parts.
 */
export function LazyDropdownMenu({
  trigger,
  content,
}: {
  trigger: ReactElement<TriggerProps>;
  content: (ui: DropdownMenuUi) => ReactNode;
}) {
  const ui = menuModule.use();
  const [open, setOpen] = useState(false);
  const [focused, setFocused] = useState(false);
  if (ui) {
    return (
      <LoadedMenu ui={ui} open={open} onOpenChange={setOpen} focusTrigger={focused} trigger={trigger}>
        {content(ui)}
      </LoadedMenu>
    );
  }
  const request = () => {
    setOpen(true);
    menuModule.preload();
  };
  return cloneElement(trigger, {
    "aria-haspopup": "menu",
    "aria-expanded": false,
    onPointerEnter: menuModule.preload,
    onFocus: () => {
      setFocused(true);
      menuModule.preload();
    },
    onBlur: () => setFocused(false),
    onPointerDown: (e: PointerEvent<HTMLButtonElement>) => {
      if (e.button === 0 && !e.ctrlKey) request();
    },
    onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => {
      if (e.key === "Enter" || e.key === " " || e.key === "ArrowDown") {
        e.preventDefault();
        request();
      }
    },
  });
}

function LoadedMenu({
  ui,
  open,
  onOpenChange,
  focusTrigger,
  trigger,
  children,
}: {
  ui: DropdownMenuUi;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  focusTrigger: boolean;
  trigger: ReactElement<TriggerProps>;
  children: ReactNode;
}) {
  // The trigger was re-created when the menu code arrived: keep the keyboard focus on it.
  const ref = useRestoredFocus<HTMLButtonElement>(focusTrigger && !open);
  return (
    <ui.DropdownMenu open={open} onOpenChange={onOpenChange}>
      <ui.DropdownMenuTrigger asChild ref={ref}>
        {trigger}
      </ui.DropdownMenuTrigger>
      {children}
    </ui.DropdownMenu>
  );
}
