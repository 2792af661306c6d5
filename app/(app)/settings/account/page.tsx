import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { OutOfOfficePanel } from "@/components/settings/out-of-office-panel";
import { roleLabels } from "@/lib/auth/permissions";
import { can } from "@/lib/auth/roles";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <div className="grid gap-6">
      <PageHeader title="Account" description={`${user.name} · ${user.email} · ${roleLabels[user.role]}`} />
      {can(user.role, "tasks:decide") && <OutOfOfficePanel userId={user.id} />}
      <ChangePasswordForm />
    </div>
  );
}
