"use client";
// Shown when autosave hits a 409: another tab (or person) saved the draft first.
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { formatDateTime } from "@/lib/format";
import type { DraftState } from "@/lib/workflows/types";

export function ConflictDialog({
  conflict,
  onKeepMine,
  onLoadTheirs,
}: {
  conflict: DraftState | undefined;
  onKeepMine: () => Promise<unknown>;
  onLoadTheirs: () => void;
}) {
  const [pending, setPending] = useState(false);
  const who = conflict?.updatedBy?.name ?? "someone";
  return (
    <Dialog open={!!conflict}>
      <DialogContent showCloseButton={false} onEscapeKeyDown={(e) => e.preventDefault()} onInteractOutside={(e) => e.preventDefault()}>
        <DialogHeader>
          <DialogTitle>This draft changed somewhere else</DialogTitle>
          <DialogDescription>
            {who} saved a newer version of this draft{conflict ? ` at ${formatDateTime(conflict.updatedAt)}` : ""} (for example in another
            tab) while you were editing. Your changes are not saved yet.
          </DialogDescription>
        </DialogHeader>
        <p className="text-sm text-muted-foreground">
          Keep yours to overwrite their version, or load theirs and drop your unsaved edits (you can still undo back to your version).
        </p>
        <DialogFooter>
          <Button variant="outline" disabled={pending} onClick={onLoadTheirs}>
            Load their version
          </Button>
          <Button
            disabled={pending}
            onClick={() => {
              setPending(true);
              void onKeepMine().finally(() => setPending(false));
            }}
          >
            Keep mine (overwrite)
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
