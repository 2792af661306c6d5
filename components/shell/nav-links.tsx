"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/utils";
import { can, type Role } from "@/lib/auth/permissions";
import { navItems } from "./nav-items";
import { InboxBadge } from "./inbox-badge";

/**
 * The main navigation links, shared by the sidebar (full or collapsed to icons) and the phone menu.
 * Collapsed, each link keeps its label for assistive technology (sr-only) and as a hover title.
 */
export function NavLinks({
  role,
  collapsed = false,
  large = false,
  onNavigate,
}: {
  role: Role;
  collapsed?: boolean;
  /** Touch-sized rows (the phone menu). */
  large?: boolean;
  onNavigate?: () => void;
}) {
  const pathname = usePathname();
  return (
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
              // Every page is rendered per request, so a prefetch brings little; and Next cancels and
              // repeats the prefetch of every visible link whenever the URL changes (the inbox keeps
              // its URL on the selected task), which made each task switch fetch and abort them.
              prefetch={false}
              aria-current={active ? "page" : undefined}
              title={collapsed ? item.label : undefined}
              onClick={onNavigate}
              className={cn(
                "relative flex items-center gap-2 rounded-md text-sm font-medium transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
                collapsed ? "size-10 justify-center" : "px-3 py-2",
                large && "min-h-11 text-base",
                active && "bg-sidebar-accent text-sidebar-accent-foreground",
              )}
            >
              <Icon className="size-4 shrink-0" aria-hidden />
              <span className={cn(collapsed && "sr-only")}>{item.label}</span>
              {item.href === "/inbox" && <InboxBadge compact={collapsed} />}
            </Link>
          );
        })}
    </nav>
  );
}

/** The editor gives the canvas the screen: there the sidebar shows icons only. */
export function isEditorPath(pathname: string): boolean {
  return /^\/workflows\/[^/]+/.test(pathname);
}
