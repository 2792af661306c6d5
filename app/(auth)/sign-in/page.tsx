import { Suspense } from "react";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { hasAnyUser, resolveUser } from "@/lib/auth/session";
import { roleHome, safeReturnPath } from "@/lib/auth/return-path";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await hasAnyUser())) redirect("/setup");
  const signedIn = await resolveUser(await headers());
  if (signedIn) {
    const next = (await searchParams).next;
    redirect(safeReturnPath(typeof next === "string" ? next : null) ?? roleHome(signedIn.user.role));
  }
  return (
    <AuthCard title="Sign in" description="Use the email and password your admin gave you.">
      <Suspense>
        <SignInForm />
      </Suspense>
    </AuthCard>
  );
}
