"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Workflow as Logo } from "lucide-react";
import { cn } from "@/lib/utils";
import type { Role } from "@/lib/auth/permissions";
import { isEditorPath, NavLinks } from "./nav-links";

/**
 * The desktop sidebar (≥ 1024 px; below that the header's menu button opens the same links in a
 * sheet). It stays in place while the page scrolls, and collapses to icons in the workflow editor.
 */
export function AppSidebar({ role }: { role: Role }) {
  const collapsed = isEditorPath(usePathname());
  return (
    <aside
      data-testid="app-sidebar"
      data-collapsed={collapsed ? "true" : undefined}
      className={cn(
        "sticky top-0 hidden h-dvh shrink-0 flex-col overflow-y-auto border-r bg-sidebar text-sidebar-foreground lg:flex",
        collapsed ? "w-14 items-center" : "w-56",
      )}
    >
      <Link
        href="/workflows"
        prefetch={false}
        title={collapsed ? "Switchyard" : undefined}
        className={cn("flex h-14 shrink-0 items-center gap-2 self-stretch border-b font-semibold", collapsed ? "justify-center" : "px-4")}
      >
        <Logo className="size-5 text-primary" aria-hidden />
        <span className={cn(collapsed && "sr-only")}>Switchyard</span>
      </Link>
      <NavLinks role={role} collapsed={collapsed} />
    </aside>
  );
}
