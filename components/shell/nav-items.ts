import { BookOpen, Brain, ChartColumn, ClipboardCheck, History, Inbox, Settings, Workflow, type LucideIcon } from "lucide-react";
import type { Permission } from "@/lib/auth/permissions";

export const navItems = [
  { href: "/workflows", label: "Workflows", icon: Workflow, permission: "workflows:read" },
  { href: "/dashboard", label: "Dashboard", icon: ChartColumn, permission: "runs:read" },
  { href: "/runs", label: "Runs", icon: History, permission: "runs:read" },
  { href: "/inbox", label: "Inbox", icon: Inbox, permission: "tasks:read" },
  { href: "/memory", label: "Memory", icon: Brain, permission: "workflows:write" },
  { href: "/audit", label: "Audit", icon: ClipboardCheck, permission: "audit:read" },
  { href: "/settings", label: "Settings", icon: Settings, permission: "settings:manage" },
  { href: "/api-docs", label: "API", icon: BookOpen, permission: "workflows:read" },
] as const satisfies readonly { href: string; label: string; icon: LucideIcon; permission: Permission }[];
