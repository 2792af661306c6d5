"use client";
import { useRef, useState } from "react";
import Link from "next/link";
import { Menu, Workflow as Logo } from "lucide-react";
import { Button } from "@/components/ui/button";
import { lazyModule } from "@/components/ui/lazy-module";
import type { Role } from "@/lib/auth/permissions";
import { NavLinks } from "./nav-links";

const sheetModule = lazyModule(() => import("@/components/ui/sheet"));

/**
 * Below 1024 px the sidebar gives way to this menu button; the links open in a sheet from the left
 * (a Radix dialog: labelled, focus kept inside, Escape closes, focus back on the button). The
 * sheet's code loads on first intent, like the other shell menus, not with every page.
 */
export function MobileNav({ role }: { role: Role }) {
  const ui = sheetModule.use();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div className="flex items-center gap-1 lg:hidden">
      <Button
        ref={button}
        variant="ghost"
        size="icon"
        className="size-11"
        aria-label="Open menu"
        aria-haspopup="dialog"
        aria-expanded={open}
        data-testid="mobile-menu-button"
        onPointerEnter={sheetModule.preload}
        onFocus={sheetModule.preload}
        onClick={() => {
          sheetModule.preload();
          setOpen(true);
        }}
      >
        <Menu className="size-5" aria-hidden />
      </Button>
      <Link href="/workflows" prefetch={false} className="flex min-h-11 min-w-11 items-center justify-center gap-2 px-1 font-semibold">
        <Logo className="size-5 text-primary" aria-hidden />
        <span className="max-sm:sr-only">Switchyard</span>
      </Link>
      {ui && (
        <ui.Sheet open={open} onOpenChange={setOpen}>
          <ui.SheetContent
            side="left"
            className="w-72 max-w-[85vw] gap-0 bg-sidebar p-0 text-sidebar-foreground"
            aria-describedby={undefined}
            // Radix skips links when it picks the first focus: start on the current page's link instead
            // of the close button, so Tab and Shift+Tab walk the menu from where you are.
            onOpenAutoFocus={(e) => {
              const here = (e.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>('nav a[aria-current="page"], nav a');
              if (here) {
                e.preventDefault();
                here.focus();
              }
            }}
            onCloseAutoFocus={(e) => {
              e.preventDefault();
              button.current?.focus();
            }}
          >
            <ui.SheetHeader className="h-14 justify-center border-b">
              <ui.SheetTitle className="flex items-center gap-2">
                <Logo className="size-5 text-primary" aria-hidden />
                Switchyard menu
              </ui.SheetTitle>
            </ui.SheetHeader>
            <NavLinks role={role} large onNavigate={() => setOpen(false)} />
          </ui.SheetContent>
        </ui.Sheet>
      )}
    </div>
  );
}
