import Link from "next/link";
import { ShieldAlert } from "lucide-react";
import { Button } from "@/components/ui/button";

export default function Forbidden() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 p-8 text-center">
      <ShieldAlert className="size-10 text-muted-foreground" aria-hidden />
      <h1 className="text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="max-w-md text-muted-foreground">
        Your role does not allow it. Ask an admin to change your role in Settings if you need access.
      </p>
      <Button asChild variant="outline">
        <Link href="/workflows">Back to workflows</Link>
      </Button>
    </main>
  );
}
