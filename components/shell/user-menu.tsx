"use client";
import { useRouter } from "next/navigation";
import Link from "next/link";
import { KeyRound, LogOut, UserCog, UserRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { LazyDropdownMenu } from "@/components/ui/lazy-dropdown-menu";
import { roleLabels, type Role } from "@/lib/auth/permissions";

export function UserMenu({ name, email, role }: { name: string; email: string; role: Role }) {
  const router = useRouter();
  async function signOut() {
    // The auth client is only needed here: load it on sign-out rather than with every page.
    const { authClient } = await import("@/lib/auth/auth-client");
    await authClient.signOut();
    router.replace("/sign-in");
    router.refresh();
  }
  // The menu's code loads on first hover, focus or press of the button (see LazyDropdownMenu).
  return (
    <LazyDropdownMenu
      trigger={
        <Button variant="ghost" size="sm" aria-label={`Account menu for ${name}, ${roleLabels[role]}`}>
          <UserRound className="size-4" aria-hidden />
          <span className="hidden max-w-40 truncate sm:inline">{name}</span>
          {/* a space between the name and the role: without it the visible text reads "Ada AdminAdmin",
              which the accessible name does not contain */}{" "}
          <span className="rounded bg-muted px-1.5 py-0.5 text-xs text-muted-foreground">{roleLabels[role]}</span>
        </Button>
      }
      content={(ui) => (
        <ui.DropdownMenuContent align="end" className="w-56">
          <ui.DropdownMenuLabel className="font-normal">
            <div className="text-sm font-medium">{name}</div>
            <div className="truncate text-xs text-muted-foreground">{email}</div>
          </ui.DropdownMenuLabel>
          <ui.DropdownMenuSeparator />
          <ui.DropdownMenuItem asChild>
            <Link href="/settings/account">
              <UserCog className="size-4" aria-hidden />
              Account and password
            </Link>
          </ui.DropdownMenuItem>
          <ui.DropdownMenuItem asChild>
            <Link href="/settings/api-keys">
              <KeyRound className="size-4" aria-hidden />
              API keys
            </Link>
          </ui.DropdownMenuItem>
          <ui.DropdownMenuSeparator />
          <ui.DropdownMenuItem onSelect={() => void signOut()}>
            <LogOut className="size-4" aria-hidden />
            Sign out
          </ui.DropdownMenuItem>
        </ui.DropdownMenuContent>
      )}
    />
  );
}
