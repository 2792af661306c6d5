"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Workflow as Logo } from "lucide-react";
import { cn } from "@/lib/utils";
import { can, type Role } from "@/lib/auth/permissions";
import { navItems } from "./nav-items";
import { InboxBadge } from "./inbox-badge";

export function AppSidebar({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <aside className="flex w-56 shrink-0 flex-col border-r bg-sidebar text-sidebar-foreground">
      <Link href="/workflows" className="flex h-14 items-center gap-2 border-b px-4 font-semibold">
        <Logo className="size-5 text-primary" aria-hidden />
        Switchyard
      </Link>
      <nav aria-label="Main" className="flex flex-1 flex-col gap-1 p-2">
        {navItems
          .filter((item) => can(role, item.permission))
          .map((item) => {
            const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
            const Icon = item.icon;
            return (
              <Link
                key={item.href}
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                  active && "bg-sidebar-accent text-sidebar-accent-foreground",
                )}
              >
                <Icon className="size-4" aria-hidden />
                {item.label}
                {item.href === "/inbox" && <InboxBadge />}
              </Link>
            );
          })}
      </nav>
    </aside>
  );
}
