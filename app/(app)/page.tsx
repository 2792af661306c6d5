import { redirect } from "next/navigation";
import { requirePageUser } from "@/lib/auth/page-guard";
import { roleHome } from "@/lib/auth/return-path";

export const dynamic = "force-dynamic";

/** The app's front door: each role lands on its own home (reviewers on the inbox). */
export default async function Home() {
  const user = await requirePageUser();
  redirect(roleHome(user.role));
}
