"use client";
// Searchable palette of node kinds grouped by category: drag one onto the canvas, or click it to
// add it at the centre of the view.
import { useMemo, useState, type DragEvent } from "react";
import { Search } from "lucide-react";
import { PanelToggle } from "./panel-toggle";
import { Input } from "@/components/ui/input";
import { KindIcon, categoryLabels } from "@/components/canvas/node-icon";
import { NODE_KINDS, type NodeKind } from "@/lib/model/node-kind";
import { getNodeKind, type NodeCategory } from "@/lib/model/node-kinds";
import { isNarrowScreen } from "./narrow-screen";
import { useStoredFlag } from "@/components/canvas/use-stored-flag";
import { cn } from "@/lib/utils";

export const PALETTE_DRAG_TYPE = "application/x-switchyard-node-kind";

const categoryOrder: NodeCategory[] = ["flow", "logic", "human", "integration", "ai"];

export function NodePalette({ onAdd, hasStart }: { onAdd: (kind: NodeKind) => void; hasStart: boolean }) {
  const [query, setQuery] = useState("");
  const [collapsed, setCollapsed] = useStoredFlag("switchyard.editor.palette-collapsed", false, isNarrowScreen);
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const kinds = NODE_KINDS.map(getNodeKind).filter(
      (d) => !q || d.label.toLowerCase().includes(q) || d.description.toLowerCase().includes(q) || d.kind.includes(q),
    );
    return categoryOrder
      .map((category) => ({ category, kinds: kinds.filter((d) => d.category === category) }))
      .filter((g) => g.kinds.length > 0);
  }, [query]);

  const onDragStart = (e: DragEvent, kind: NodeKind) => {
    e.dataTransfer.setData(PALETTE_DRAG_TYPE, kind);
    e.dataTransfer.effectAllowed = "copy";
  };

  if (collapsed) {
    return (
      <aside aria-label="Node palette" className="flex w-12 shrink-0 flex-col items-center gap-1 overflow-y-auto border-r bg-sidebar py-2">
        <PanelToggle panel="palette" side="left" expanded={false} onToggle={setCollapsed} />
        {groups.flatMap((g) =>
          g.kinds.map((def) => {
            const disabled = def.kind === "start" && hasStart;
            return (
              <button
                key={def.kind}
                type="button"
                draggable={!disabled}
                disabled={disabled}
                onDragStart={(e) => onDragStart(e, def.kind)}
                onClick={() => onAdd(def.kind)}
                aria-label={`Add ${def.label}`}
                title={`${def.label}: ${def.description}`}
                className="rounded-md p-1 outline-none hover:bg-sidebar-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:opacity-40"
              >
                <KindIcon kind={def.kind} />
              </button>
            );
          }),
        )}
      </aside>
    );
  }

  return (
    <aside aria-label="Node palette" className="flex w-60 shrink-0 flex-col border-r bg-sidebar">
      <div className="flex items-center gap-1 border-b p-3">
        <div className="relative flex-1">
          <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search nodes"
            aria-label="Search nodes"
            className="h-8 pl-8"
          />
        </div>
        <PanelToggle panel="palette" side="left" expanded onToggle={setCollapsed} className="shrink-0" />
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto p-2">
        {groups.length === 0 && <p className="px-2 py-6 text-center text-sm text-muted-foreground">No node matches “{query}”.</p>}
        {groups.map((g) => (
          <section key={g.category} aria-label={categoryLabels[g.category]} className="mb-3">
            <h2 className="px-2 pb-1 text-[11px] font-semibold tracking-wide text-muted-foreground uppercase">
              {categoryLabels[g.category]}
            </h2>
            <ul className="grid gap-0.5">
              {g.kinds.map((def) => {
                const disabled = def.kind === "start" && hasStart;
                return (
                  // The button's name is "Add <kind>" and its visible text exactly that; the description
                  // beside it describes it. Its ::after covers the row, so the whole row clicks and drags.
                  <li
                    key={def.kind}
                    className="relative flex items-start gap-2.5 rounded-md px-2 py-1.5 hover:bg-sidebar-accent has-[:disabled]:hover:bg-transparent has-[:focus-visible]:ring-[3px] has-[:focus-visible]:ring-ring/50"
                  >
                    {/* a disabled row fades its icon and label, not the sentence saying why it is disabled */}
                    <KindIcon kind={def.kind} className={cn("mt-0.5", disabled && "opacity-50")} />
                    <span className="min-w-0">
                      <button
                        type="button"
                        draggable={!disabled}
                        disabled={disabled}
                        onDragStart={(e) => onDragStart(e, def.kind)}
                        onClick={() => onAdd(def.kind)}
                        aria-describedby={`palette-desc-${def.kind}`}
                        title={disabled ? "A workflow has exactly one Start" : `${def.description} Drag onto the canvas or click to add.`}
                        className="block cursor-grab text-left text-sm font-medium outline-none after:absolute after:inset-0 after:rounded-md after:content-[''] active:cursor-grabbing disabled:cursor-not-allowed disabled:opacity-50"
                      >
                        <span className="sr-only">Add </span>
                        {def.label}
                      </button>
                      <span id={`palette-desc-${def.kind}`} className="block text-xs leading-snug text-muted-foreground">
                        {disabled ? "Already in this workflow: a workflow has exactly one Start." : def.description}
                      </span>
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}
