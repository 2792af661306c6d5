import type { ReactNode } from "react";
import { AppSidebar } from "@/components/shell/app-sidebar";
import { MobileNav } from "@/components/shell/mobile-nav";
import { SkipLink } from "@/components/shell/skip-link";
import { UserMenu } from "@/components/shell/user-menu";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { requirePageUser } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";

// The document scrolls (not <main>): the sidebar and the header are sticky, so they stay in place on
// long pages, and sticky parts of a page (the inbox's decision bar) stick to the viewport.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <div className="flex min-h-dvh">
      <SkipLink />
      <AppSidebar role={user.role} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header
          data-testid="app-header"
          className="sticky top-0 z-30 flex h-14 shrink-0 items-center gap-1 border-b bg-background px-2 sm:gap-2 sm:px-4 lg:px-6"
        >
          <MobileNav role={user.role} />
          {/* touch-sized (44 px) header buttons below 1024 px */}
          <div className="ml-auto flex min-w-0 items-center gap-1 sm:gap-2 max-lg:[&_button]:min-h-11 max-lg:[&_button]:min-w-11">
            <NotificationBell />
            <ThemeToggle />
            <UserMenu name={user.name} email={user.email} role={user.role} />
          </div>
        </header>
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 p-4 outline-none lg:p-6">
          {children}
        </main>
      </div>
    </div>
  );
}
