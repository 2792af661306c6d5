"use client";
// Every problem validateGraph reports, grouped by severity; clicking one selects its node. Docked under
// the canvas (the editor lays it out), so it never covers the canvas's zoom controls or minimap.
import { AlertTriangle, CircleAlert, CircleCheck, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { Problem } from "@/lib/model/validate-graph";

export function ValidationPanel({
  problems,
  nodeName,
  onSelectNode,
  onClose,
}: {
  problems: Problem[];
  nodeName: (id: string) => string | undefined;
  onSelectNode: (id: string) => void;
  onClose: () => void;
}) {
  const sorted = [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  return (
    <section aria-label="Problems" className="flex max-h-[40%] shrink-0 flex-col border-t bg-popover text-popover-foreground">
      <header className="flex items-center justify-between border-b px-3 py-2">
        <h2 className="text-sm font-semibold">Problems</h2>
        <Button variant="ghost" size="icon" className="size-7" aria-label="Close problems" onClick={onClose}>
          <X className="size-4" />
        </Button>
      </header>
      {sorted.length === 0 ? (
        <p className="flex items-center gap-2 px-3 py-4 text-sm text-muted-foreground">
          <CircleCheck className="size-4 text-status-succeeded" aria-hidden /> No problems: this workflow can be published.
        </p>
      ) : (
        <ul className="min-h-0 overflow-y-auto p-1">
          {sorted.map((p, i) => {
            const name = p.nodeId ? nodeName(p.nodeId) : undefined;
            const Icon = p.severity === "error" ? CircleAlert : AlertTriangle;
            const content = (
              <>
                <Icon
                  className={cn("mt-0.5 size-4 shrink-0", p.severity === "error" ? "text-destructive" : "text-status-waiting")}
                  aria-label={p.severity}
                />
                <span className="min-w-0 flex-1">
                  {name && <span className="font-medium">{name}: </span>}
                  {p.message}
                  {/* a real space, not a margin: the message and the path are separate words when read or copied */}
                  {p.path && (
                    <>
                      {" "}
                      <span className="font-mono text-[11px] text-muted-foreground" data-testid="problem-path">
                        ({p.path})
                      </span>
                    </>
                  )}
                </span>
              </>
            );
            return (
              <li key={i}>
                {p.nodeId && name !== undefined ? (
                  <button
                    type="button"
                    className="flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent focus-visible:bg-accent focus-visible:outline-none"
                    onClick={() => onSelectNode(p.nodeId!)}
                  >
                    {content}
                  </button>
                ) : (
                  <div className="flex items-start gap-2 px-2 py-1.5 text-sm">{content}</div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
