"use client";
import { useQuery } from "@tanstack/react-query";
import { cn } from "@/lib/utils";

export function InboxBadge({ compact = false }: { compact?: boolean }) {
  const { data } = useQuery({
    queryKey: ["inbox", "count"],
    queryFn: async () => {
      const res = await fetch("/api/v1/inbox/count");
      if (!res.ok) throw new Error("count failed");
      return (await res.json()) as { count: number };
    },
    refetchInterval: 15_000,
  });
  if (!data || data.count === 0) return null;
  return (
    <span
      className={cn(
        "rounded-full bg-primary font-medium text-primary-foreground",
        // on the icon rail the count sits on the icon's corner
        compact ? "absolute -top-1 -right-1 px-1 text-[10px] leading-4" : "ml-auto px-2 py-0.5 text-xs",
      )}
      data-testid="inbox-count"
    >
      {data.count > 999 ? "999+" : data.count}
      {/* read with the link's name ("Inbox 3 open tasks"): a label on the span itself is not allowed */}
      <span className="sr-only"> open tasks</span>
    </span>
  );
}
