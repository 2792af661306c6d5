import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { MemoryBrowser } from "@/components/memory/memory-browser";

export const metadata = { title: "Memory" };

function one(v: string | string[] | undefined): string | null {
  return typeof v === "string" && v.length > 0 && v.length <= 200 ? v : null;
}

export default async function MemoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("workflows:write");
  const sp = await searchParams;
  return (
    <div className="grid gap-2">
      <PageHeader
        title="Memory"
        description="What agents remember across runs, per workflow and subject. Correct it, forget entries, or erase a subject."
      />
      <MemoryBrowser initialWorkflow={one(sp.workflow)} initialSubject={one(sp.subject)} />
    </div>
  );
}
