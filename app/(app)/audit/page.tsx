import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { AuditExplorer } from "@/components/audit/audit-explorer";
import { VerifyPanel } from "@/components/audit/verify-panel";

export const metadata = { title: "Audit" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  await requirePageUser("audit:read");
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? sp[k] : undefined);
  const initial = {
    ...(one("actorId") ? { actorId: one("actorId") } : {}),
    ...(one("action") ? { action: one("action") } : {}),
    ...(one("targetType") ? { targetType: one("targetType") } : {}),
    ...(one("targetId") ? { targetId: one("targetId") } : {}),
    ...(one("q") ? { q: one("q") } : {}),
  };
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Audit trail"
        description="Append-only and hash-chained: every run start and cancellation, human and agent decision, user, role, key, credential and provider change, with who, when and why."
      />
      <VerifyPanel />
      <AuditExplorer initial={initial} />
    </div>
  );
}
