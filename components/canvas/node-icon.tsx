// Node kind icons (the registry names a lucide icon) and category colours.
import {
  Bot,
  Box,
  Braces,
  BrainCircuit,
  CalendarClock,
  Database,
  Flag,
  GitBranch,
  Globe,
  ListTree,
  Mail,
  Merge,
  MessageSquare,
  Play,
  Radio,
  Repeat,
  Sparkles,
  Split,
  Timer,
  Undo2,
  UserCheck,
  Webhook,
  Workflow,
  Wrench,
  type LucideIcon,
} from "lucide-react";
import type { NodeCategory } from "@/lib/model/node-kinds";
import { getNodeKind } from "@/lib/model/node-kinds";
import { NODE_KINDS, type NodeKind } from "@/lib/model/node-kind";
import { cn } from "@/lib/utils";

const icons: Record<string, LucideIcon> = {
  Bot,
  Braces,
  BrainCircuit,
  CalendarClock,
  Database,
  Flag,
  GitBranch,
  Globe,
  ListTree,
  Mail,
  Merge,
  MessageSquare,
  Play,
  Radio,
  Repeat,
  Sparkles,
  Split,
  Timer,
  Undo2,
  UserCheck,
  Webhook,
  Workflow,
  Wrench,
};

/** Icon per kind, resolved once at module load. */
const kindIcons = Object.fromEntries(NODE_KINDS.map((k) => [k, icons[getNodeKind(k).icon] ?? Box])) as Record<NodeKind, LucideIcon>;

export const categoryLabels: Record<NodeCategory, string> = {
  flow: "Flow",
  logic: "Logic",
  human: "People",
  integration: "Integrations",
  ai: "AI",
};

/** Icon tile colours per category (full class strings so Tailwind sees them). */
export const categoryTile: Record<NodeCategory, string> = {
  flow: "bg-slate-500/12 text-slate-700 dark:text-slate-300",
  logic: "bg-indigo-500/12 text-indigo-700 dark:text-indigo-300",
  human: "bg-amber-500/15 text-amber-800 dark:text-amber-300",
  integration: "bg-sky-500/12 text-sky-700 dark:text-sky-300",
  ai: "bg-violet-500/12 text-violet-700 dark:text-violet-300",
};

export function KindIcon({ kind, className }: { kind: NodeKind; className?: string }) {
  const Icon = kindIcons[kind];
  const category = getNodeKind(kind).category;
  return (
    <span className={cn("inline-flex size-7 shrink-0 items-center justify-center rounded-md", categoryTile[category], className)}>
      <Icon className="size-4" aria-hidden />
    </span>
  );
}
