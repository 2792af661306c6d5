import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/server/app-context";
import { PageHeader } from "@/components/ui/page-header";
import { RunsListView } from "@/components/runs/runs-list-view";
import { ENGINE_SUPPORT } from "@/lib/monitoring/bulk-actions";
import { maxEventId } from "@/lib/db/run-event-read";
import { loadRunListFacets } from "@/lib/db/run-list-facets-read";
import { parseRunListParams } from "@/lib/monitoring/run-list-filter";
import { listRunPage } from "@/lib/db/run-list-read";

export const metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("runs:read");
  const { filter, sort, problems } = parseRunListParams(await searchParams);
  const { db } = getAppContext();
  // the cursor is read first: anything that changes after it reaches the page as a live notice
  const cursor = await maxEventId(db.sql);
  const [page, facets] = await Promise.all([listRunPage(db.sql, filter, sort), loadRunListFacets(db.sql)]);
  return (
    <div className="grid gap-2">
      <PageHeader
        title="Runs"
        description="Every run of every workflow: filter, search, open one to see each step, or act on many at once."
      />
      <RunsListView
        page={page}
        facets={facets}
        filter={filter}
        sort={sort}
        problems={problems}
        cursor={cursor}
        canControl={can(user.role, "runs:control")}
        retrySupport={ENGINE_SUPPORT.retry_failed}
      />
    </div>
  );
}
