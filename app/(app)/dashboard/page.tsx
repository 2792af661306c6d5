import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { DashboardView } from "@/components/dashboard/dashboard-view";
import { DASHBOARD_RANGES, type DashboardRange } from "@/lib/monitoring/dashboard-types";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<{ range?: string | string[] }> }) {
  await requirePageUser("runs:read");
  const raw = (await searchParams).range;
  const range = (DASHBOARD_RANGES as readonly string[]).includes(String(raw)) ? (raw as DashboardRange) : "24h";
  return (
    <div className="grid gap-2">
      <PageHeader title="Dashboard" description="How runs are doing: volume, speed, failures, time waiting for people and model cost." />
      <DashboardView range={range} />
    </div>
  );
}
