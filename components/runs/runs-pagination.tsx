"use client";
import Link from "next/link";
import { ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { runListSearch, type RunListFilter, type RunListSort } from "@/lib/monitoring/run-list-filter";
import type { RunListPage } from "@/lib/monitoring/run-list-page";

/**
 * Keyset pages: "Previous" and "Next" carry the first and last row's cursor, "Newest" goes back to
 * the start. The count is capped (the list reads at most that many index entries to count), so
 * beyond the cap it says "1,000+" instead of a page number it would have to scan for.
 */
export function RunsPagination({ filter, sort, page }: { filter: RunListFilter; sort: RunListSort; page: RunListPage }) {
  const { total, totalIsExact, rows, prevCursor, nextCursor } = page;
  const base = { ...sort, after: undefined, before: undefined };
  const matching = `${total.toLocaleString("en")}${totalIsExact ? "" : "+"}`;
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-4 text-sm text-muted-foreground">
      <span data-testid="runs-range">
        {total === 0 ? "No runs" : `${rows.length.toLocaleString("en")} shown of ${matching} matching runs`}
        {!totalIsExact && <span className="sr-only"> (counted up to {total.toLocaleString("en")})</span>}
      </span>
      <div className="flex items-center gap-2">
        {prevCursor && (
          <Link href={`/runs${runListSearch(filter, base)}`} className={cn(buttonVariants({ variant: "ghost", size: "sm" }), "h-8")}>
            Newest
          </Link>
        )}
        <PageLink
          href={`/runs${runListSearch(filter, { ...base, before: prevCursor ?? undefined })}`}
          disabled={!prevCursor}
          label="Previous page"
        >
          <ChevronLeftIcon aria-hidden />
        </PageLink>
        <PageLink
          href={`/runs${runListSearch(filter, { ...base, after: nextCursor ?? undefined })}`}
          disabled={!nextCursor}
          label="Next page"
        >
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
