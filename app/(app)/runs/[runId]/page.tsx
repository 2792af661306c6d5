import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/roles";
import { getAppContext } from "@/lib/server/app-context";
import { runExists } from "@/lib/db/run-view-read";
import { RunView } from "@/components/runs/run-view";

export const metadata = { title: "Run" };

export default async function RunPage({ params }: { params: Promise<{ runId: string }> }) {
  const user = await requirePageUser("runs:read");
  const { runId } = await params;
  if (runId.length > 128) notFound();
  if (!(await runExists(getAppContext().db.sql, runId))) notFound();
  return (
    <RunView
      runId={runId}
      canControl={can(user.role, "runs:control")}
      canExportEvidence={can(user.role, "audit:read")}
      canHold={can(user.role, "settings:manage")}
    />
  );
}
