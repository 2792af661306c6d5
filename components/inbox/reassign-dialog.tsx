"use client";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectGroup, SelectItem, SelectLabel, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { reassignCandidatesQuery } from "@/lib/queries/tasks";
import { touchTargets } from "./touch-targets";
import { FormError } from "@/components/ui/form-error";

/** Hand the task to one user or role, with a note saying why. */
export function ReassignDialog({
  taskId,
  open,
  onOpenChange,
  pending,
  onConfirm,
}: {
  taskId: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  pending: boolean;
  onConfirm: (to: { type: "user" | "role"; id: string }, note: string) => void;
}) {
  const candidates = useQuery({ ...reassignCandidatesQuery(taskId), enabled: open });
  const [target, setTarget] = useState("");
  const [note, setNote] = useState("");
  const [touched, setTouched] = useState(false);
  const [type, id] = target.split(":", 2) as ["user" | "role", string];
  const missingTarget = !target;
  const missingNote = note.trim() === "";
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (o) {
          setTarget("");
          setNote("");
          setTouched(false);
        }
        onOpenChange(o);
      }}
    >
      <DialogContent className={touchTargets}>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (!missingTarget && !missingNote) onConfirm({ type, id }, note.trim());
          }}
        >
          <DialogHeader>
            <DialogTitle>Reassign task</DialogTitle>
            <DialogDescription>
              The new assignee replaces the current ones and is notified. Decisions already made still count.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="reassign-to">Assign to</Label>
            <Select value={target} onValueChange={setTarget}>
              <SelectTrigger id="reassign-to" className="w-full" aria-invalid={touched && missingTarget ? true : undefined}>
                <SelectValue placeholder={candidates.isLoading ? "Loading people…" : "Choose a person or role"} />
              </SelectTrigger>
              <SelectContent>
                <SelectGroup>
                  <SelectLabel>Roles</SelectLabel>
                  {(candidates.data?.roles ?? []).map((r) => (
                    <SelectItem key={r.id} value={`role:${r.id}`}>
                      {r.label}
                    </SelectItem>
                  ))}
                </SelectGroup>
                <SelectGroup>
                  <SelectLabel>People</SelectLabel>
                  {(candidates.data?.users ?? []).map((u) => (
                    <SelectItem key={u.id} value={`user:${u.id}`}>
                      {u.name} ({u.email})
                    </SelectItem>
                  ))}
                </SelectGroup>
              </SelectContent>
            </Select>
            {candidates.isError && <p className="text-xs text-destructive">Could not load people: {candidates.error.message}</p>}
            {touched && missingTarget && <FormError size="xs">Choose who gets the task.</FormError>}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="reassign-note">Note (required)</Label>
            <Textarea
              id="reassign-note"
              rows={3}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="Why they should take it"
              aria-invalid={touched && missingNote ? true : undefined}
            />
            {touched && missingNote && <FormError size="xs">A note is required.</FormError>}
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending}>
              {pending && <Spinner />}
              Reassign
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
