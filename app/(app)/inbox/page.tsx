import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { PageHeader } from "@/components/ui/page-header";
import { InboxView } from "@/components/inbox/inbox-view";
import { filtersFromSearch } from "@/lib/inbox/task-list-params";

export const metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("tasks:read");
  const decider = can(user.role, "tasks:decide");
  return (
    <div className="grid gap-2">
      <PageHeader
        title="Inbox"
        description={
          decider
            ? "Approvals waiting for you or one of your roles."
            : "Approvals waiting for reviewers. Your role can read them but not decide."
        }
        className="pb-2"
      />
      <InboxView initialTaskId={null} initialFilters={filtersFromSearch(await searchParams)} decider={decider} />
    </div>
  );
}
