import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { UsersPanel } from "@/components/settings/users-panel";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePageUser("settings:manage");
  return (
    <div className="grid gap-6">
      <PageHeader title="Settings" description="Users and roles. Model providers and credentials come with the agent node." />
      <UsersPanel currentUserId={user.id} />
    </div>
  );
}
