import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { ApiKeysPanel } from "@/components/settings/api-keys-panel";
import { listWorkflows } from "@/lib/db/workflow-list-read";
import { getAppContext } from "@/lib/server/app-context";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const user = await requirePageUser();
  const workflows = (await listWorkflows(getAppContext().db.sql)).map((w) => ({ id: w.id, name: w.name }));
  return (
    <div className="grid gap-6">
      <PageHeader title="API keys" description="Let other programs start and read runs: send a key as “Authorization: Bearer sy_…”." />
      <ApiKeysPanel me={{ id: user.id, role: user.role }} workflows={workflows} />
    </div>
  );
}
