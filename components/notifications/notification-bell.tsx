"use client";
import { cloneElement, useState, type ComponentProps, type ReactElement } from "react";
import { useQuery } from "@tanstack/react-query";
import { Bell } from "lucide-react";
import { Button } from "@/components/ui/button";
import { lazyModule } from "@/components/ui/lazy-module";
import { notificationsQuery } from "@/lib/queries/notifications";

// The popover (Radix popover, list, mark-read) loads on first hover, focus or press of the bell.
const popoverModule = lazyModule(() => import("./notification-popover"));

/** The header bell: unread count, the latest notifications, and links to their tasks. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const [focused, setFocused] = useState(false);
  const q = useQuery(notificationsQuery());
  const loaded = popoverModule.use();
  const unread = q.data?.unread ?? 0;
  const trigger: ReactElement<ComponentProps<"button">> = (
    <Button
      variant="ghost"
      size="icon"
      className="relative"
      aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
      data-testid="notification-bell"
    >
      <Bell aria-hidden />
      {unread > 0 && (
        <span
          className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-primary px-1 text-[0.65rem] leading-4 font-semibold text-primary-foreground"
          data-testid="notification-count"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Button>
  );
  if (loaded) return <loaded.NotificationPopover trigger={trigger} open={open} onOpenChange={setOpen} focusTrigger={focused} />;
  return cloneElement(trigger, {
    "aria-haspopup": "dialog",
    "aria-expanded": false,
    onPointerEnter: popoverModule.preload,
    onFocus: () => {
      setFocused(true);
      popoverModule.preload();
    },
    onBlur: () => setFocused(false),
    onClick: () => {
      setOpen(true);
      popoverModule.preload();
    },
  });
}
