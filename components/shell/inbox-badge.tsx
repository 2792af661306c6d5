"use client";
import { useQuery } from "@tanstack/react-query";

export function InboxBadge() {
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
      className="ml-auto rounded-full bg-primary px-2 py-0.5 text-xs font-medium text-primary-foreground"
      aria-label={`${data.count} open tasks`}
      data-testid="inbox-count"
    >
      {data.count > 999 ? "999+" : data.count}
    </span>
  );
}
