import { Suspense } from "react";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { hasAnyUser, resolveUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (!(await hasAnyUser())) redirect("/setup");
  if (await resolveUser(await headers())) redirect("/workflows");
  return (
    <AuthCard title="Sign in" description="Use the email and password your admin gave you.">
      <Suspense>
        <SignInForm />
      </Suspense>
    </AuthCard>
  );
}
