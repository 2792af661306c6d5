import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { roleLabels } from "@/lib/auth/permissions";

export const metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser();
  return (
    <div className="grid gap-6">
      <PageHeader title="Account" description={`${user.name} · ${user.email} · ${roleLabels[user.role]}`} />
      <ChangePasswordForm />
    </div>
  );
}
