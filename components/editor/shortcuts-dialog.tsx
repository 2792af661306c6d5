"use client";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Kbd, KbdGroup } from "@/components/ui/kbd";

const MOD = "Ctrl/⌘";

export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: [MOD, "Z"], action: "Undo" },
  { keys: ["Shift", MOD, "Z"], action: "Redo" },
  { keys: [MOD, "C"], action: "Copy selected nodes (as JSON)" },
  { keys: [MOD, "V"], action: "Paste nodes (also from another workflow)" },
  { keys: [MOD, "D"], action: "Duplicate selected nodes" },
  { keys: [MOD, "A"], action: "Select all nodes" },
  { keys: ["Delete"], action: "Delete the selection" },
  { keys: ["Shift", "drag"], action: "Select with a box" },
  { keys: [MOD, "click"], action: "Add to the selection" },
  { keys: ["Arrows"], action: "Move selected nodes" },
  { keys: ["Shift", "L"], action: "Auto-layout" },
  { keys: ["F"], action: "Fit the view" },
  { keys: ["?"], action: "Show this help" },
];

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>Shortcuts work when the focus is not in a text field.</DialogDescription>
        </DialogHeader>
        <dl className="grid grid-cols-[auto_1fr] items-center gap-x-6 gap-y-2 text-sm">
          {SHORTCUTS.map((s) => (
            <div key={s.action} className="contents">
              <dt>
                <KbdGroup>
                  {s.keys.map((k) => (
                    <Kbd key={k}>{k}</Kbd>
                  ))}
                </KbdGroup>
              </dt>
              <dd className="text-muted-foreground">{s.action}</dd>
            </div>
          ))}
        </dl>
      </DialogContent>
    </Dialog>
  );
}
