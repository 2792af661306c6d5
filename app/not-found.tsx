import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center gap-4 p-8 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-muted-foreground">The page you asked for does not exist or was deleted.</p>
      <Button asChild variant="outline">
        <Link href="/workflows">Go to workflows</Link>
      </Button>
    </main>
  );
}
