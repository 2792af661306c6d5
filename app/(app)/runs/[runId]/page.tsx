import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/server/app-context";
import { RunView } from "@/components/runs/run-view";

export const metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const user = await requirePageUser("runs:read");
  const { runId } = await params;
  if (runId.length > 128) notFound();
  const rows = await getAppContext().db.sql.all(`SELECT "id" FROM "Run" WHERE "id" = ?`, [runId]);
  if (!rows.length) notFound();
  return <RunView runId={runId} canControl={can(user.role, "runs:control")} />;
}
