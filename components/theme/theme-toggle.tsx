"use client";

import * as React from "react";
import { MonitorIcon, MoonIcon, SunIcon } from "lucide-react";
import { useTheme } from "next-themes";

import { Button } from "@/components/ui/button";

const order = ["light", "dark", "system"] as const;
type Theme = (typeof order)[number];
const meta: Record<Theme, { label: string; icon: typeof SunIcon }> = {
  light: { label: "Light", icon: SunIcon },
  dark: { label: "Dark", icon: MoonIcon },
  system: { label: "System", icon: MonitorIcon },
};

const noopSubscribe = () => () => {};

/** Cycles light → dark → system. Renders a neutral placeholder until mounted (theme is unknown on the server). */
export function ThemeToggle({ className }: { className?: string }) {
  const { theme, setTheme } = useTheme();
  const mounted = React.useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );

  if (!mounted) {
    return (
      <Button variant="ghost" size="icon" className={className} aria-label="Toggle theme" disabled>
        <MonitorIcon aria-hidden className="opacity-0" />
      </Button>
    );
  }

  const current: Theme = order.includes(theme as Theme) ? (theme as Theme) : "system";
  const next = order[(order.indexOf(current) + 1) % order.length];
  const Icon = meta[current].icon;

  return (
    <Button
      variant="ghost"
      size="icon"
      className={className}
      aria-label={`Theme: ${meta[current].label}. Switch to ${meta[next].label.toLowerCase()} theme`}
      title={`Theme: ${meta[current].label}`}
      onClick={() => setTheme(next)}
    >
      <Icon aria-hidden />
    </Button>
  );
}
