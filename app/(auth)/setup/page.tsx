import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { hasAnyUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if (await hasAnyUser()) redirect("/sign-in");
  return (
    <AuthCard
      title="Welcome to Switchyard"
      description="Create the first admin account. You can add designers, reviewers and viewers afterwards in Settings."
    >
      <SetupForm />
    </AuthCard>
  );
}
