"use client";
// The notification bell's popover: loaded on first hover, focus or press of the bell (see
// ./notification-bell), so Radix's popover is not part of every page's first-load JavaScript.
import type { ReactElement } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlarmClock, ArrowRightLeft, Inbox, Siren } from "lucide-react";
import { Button } from "@/components/ui/button";
import { useRestoredFocus } from "@/components/ui/lazy-module";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { toast } from "@/components/ui/toaster";
import { markNotificationsRead, notificationKeys, notificationsQuery } from "@/lib/queries/notifications";
import type { NotificationView } from "@/lib/inbox/task-types";
import { formatDateTime } from "@/lib/format";
import { cn } from "@/lib/utils";

const icons = { "task.new": Inbox, "task.reassigned": ArrowRightLeft, "task.overdue": AlarmClock, "workflow.alert": Siren } as const;

export function NotificationPopover({
  trigger,
  open,
  onOpenChange,
  focusTrigger,
}: {
  trigger: ReactElement;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The bell had the keyboard focus before this replaced it: keep it there. */
  focusTrigger: boolean;
}) {
  const qc = useQueryClient();
  const router = useRouter();
  const q = useQuery(notificationsQuery());
  const read = useMutation({
    mutationFn: markNotificationsRead,
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
    onError: (e) => toast.error(e.message),
  });
  const unread = q.data?.unread ?? 0;
  const openItem = (n: NotificationView) => {
    if (!n.read) read.mutate({ ids: [n.id] });
    onOpenChange(false);
    router.push(n.taskId ? `/inbox/${encodeURIComponent(n.taskId)}` : n.type === "workflow.alert" ? "/runs" : "/inbox");
  };
  const ref = useRestoredFocus<HTMLButtonElement>(focusTrigger && !open);
  return (
    <Popover open={open} onOpenChange={onOpenChange}>
      <PopoverTrigger asChild ref={ref}>
        {trigger}
      </PopoverTrigger>
      <PopoverContent align="end" collisionPadding={8} className="w-[min(24rem,calc(100vw-1rem))] p-0">
        <div className="flex items-center justify-between border-b px-3 py-2">
          <h2 className="text-sm font-semibold">Notifications</h2>
          <Button variant="ghost" size="sm" disabled={!unread || read.isPending} onClick={() => read.mutate({ all: true })}>
            Mark all read
          </Button>
        </div>
        {q.isError ? (
          <p className="p-4 text-sm text-destructive">Could not load notifications: {q.error.message}</p>
        ) : !q.data?.notifications.length ? (
          <p className="p-4 text-sm text-muted-foreground">
            {q.isPending ? "Loading…" : "Nothing yet. New, reassigned and overdue tasks for you show up here."}
          </p>
        ) : (
          <ul className="max-h-96 overflow-y-auto py-1" aria-label="Latest notifications">
            {q.data.notifications.map((n) => {
              const Icon = icons[n.type];
              return (
                <li key={n.id}>
                  <button
                    type="button"
                    onClick={() => openItem(n)}
                    className={cn(
                      "flex w-full gap-2 px-3 py-2 text-left text-sm outline-none hover:bg-accent focus-visible:bg-accent",
                      !n.read && "font-medium",
                    )}
                  >
                    <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
                    <span className="grid min-w-0 flex-1 gap-0.5">
                      <span className="line-clamp-2">{n.title}</span>
                      <span className="text-xs font-normal text-muted-foreground">{formatDateTime(n.atMs)}</span>
                    </span>
                    {!n.read && (
                      <>
                        <span className="mt-1.5 size-2 shrink-0 rounded-full bg-primary" aria-hidden />
                        <span className="sr-only">unread</span>
                      </>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </PopoverContent>
    </Popover>
  );
}
