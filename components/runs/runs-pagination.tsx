"use client";
import Link from "next/link";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { runListSearch, type RunListFilter, type RunListSort } from "@/lib/monitoring/run-list-filter";

export function RunsPagination({
  filter,
  sort,
  total,
  totalIsExact,
  pages,
}: {
  filter: RunListFilter;
  sort: RunListSort;
  total: number;
  totalIsExact: boolean;
  pages: number;
}) {
  const first = total === 0 ? 0 : (sort.page - 1) * sort.pageSize + 1;
  const last = Math.min(total, sort.page * sort.pageSize);
  const more = !totalIsExact;
  const href = (page: number) => `/runs${runListSearch(filter, { ...sort, page })}`;
  const canPrev = sort.page > 1;
  const canNext = more || sort.page < pages;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 text-sm text-muted-foreground">
      <span data-testid="runs-range">
        {total === 0
          ? "No runs"
          : `${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${total.toLocaleString("en")}${more ? "+" : ""} runs`}
      </span>
      <div className="flex items-center gap-2">
        <span>
          Page {sort.page} of {pages.toLocaleString("en")}
          {more ? "+" : ""}
        </span>
        <PageLink href={href(sort.page - 1)} disabled={!canPrev} label="Previous page">
          <ChevronLeftIcon aria-hidden />
        </PageLink>
        <PageLink href={href(sort.page + 1)} disabled={!canNext} label="Next page">
          <ChevronRightIcon aria-hidden />
        </PageLink>
      </div>
    </nav>
  );
}

function PageLink({ href, disabled, label, children }: { href: string; disabled: boolean; label: string; children: React.ReactNode }) {
  const cls = cn(buttonVariants({ variant: "outline", size: "icon" }), "size-8");
  if (disabled) {
    // A link with nowhere to go: still named and announced as a disabled link (a name on a plain span is not allowed).
    return (
      <a role="link" aria-disabled="true" className={cn(cls, "pointer-events-none opacity-50")} aria-label={label}>
        {children}
      </a>
    );
  }
  return (
    <Link href={href} className={cls} aria-label={label}>
      {children}
    </Link>
  );
}
