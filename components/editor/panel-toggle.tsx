"use client";
// The collapse / expand button of an editor side panel (palette on the left, inspector on the right):
// one labelled, keyboard-reachable control whose icon points the way the panel will move.
import { PanelLeftClose, PanelLeftOpen, PanelRightClose, PanelRightOpen } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

export function PanelToggle({
  panel,
  side,
  expanded,
  onToggle,
  className,
}: {
  /** The panel's name as the label says it: "palette", "inspector". */
  panel: string;
  side: "left" | "right";
  expanded: boolean;
  onToggle: (collapse: boolean) => void;
  className?: string;
}) {
  const label = `${expanded ? "Collapse" : "Expand"} ${panel}`;
  const Icon = side === "left" ? (expanded ? PanelLeftClose : PanelLeftOpen) : expanded ? PanelRightClose : PanelRightOpen;
  return (
    <Button
      variant="ghost"
      size="icon"
      className={cn("size-8", className)}
      aria-label={label}
      aria-expanded={expanded}
      title={label}
      onClick={() => onToggle(expanded)}
    >
      <Icon className="size-4" />
    </Button>
  );
}
