"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Pencil } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { MemoryEntryView } from "@/lib/memory/memory-schemas";
import { memoryKeys } from "./memory-queries";
import { FormError } from "@/components/ui/form-error";

/** Correct a remembered fact or exchange (audited on the server). */
export function MemoryEditDialog({ workflowId, entry, label }: { workflowId: string; entry: MemoryEntryView; label: string }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch(`/api/v1/memory/${encodeURIComponent(workflowId)}/entries/${encodeURIComponent(entry.id)}`, { method: "PATCH", body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: memoryKeys.all });
      setOpen(false);
      toast.success("Memory updated");
    },
    onError: (e) => setError(e.message),
  });
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const f = new FormData(e.currentTarget);
    save.mutate(
      entry.kind === "fact"
        ? { kind: "fact", value: String(f.get("memory-value") ?? "") }
        : { kind: "turn", user: String(f.get("memory-user") ?? ""), assistant: String(f.get("memory-assistant") ?? "") },
    );
  }
  const c = entry.content as { value?: string; user?: string; assistant?: string };
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setError(null);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Edit ${label}`}>
          <Pencil aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={onSubmit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Edit {label}</DialogTitle>
            <DialogDescription>
              Agents use the corrected text from their next run. The change is recorded in the audit trail.
            </DialogDescription>
          </DialogHeader>
          {error && <FormError>{error}</FormError>}
          {entry.kind === "fact" ? (
            <div className="grid gap-1.5">
              <Label htmlFor="memory-value">Value</Label>
              <Textarea id="memory-value" name="memory-value" defaultValue={c.value} rows={4} />
            </div>
          ) : (
            <>
              <div className="grid gap-1.5">
                <Label htmlFor="memory-user">User message</Label>
                <Textarea id="memory-user" name="memory-user" defaultValue={c.user} rows={3} />
              </div>
              <div className="grid gap-1.5">
                <Label htmlFor="memory-assistant">Agent answer</Label>
                <Textarea id="memory-assistant" name="memory-assistant" defaultValue={c.assistant} rows={3} />
              </div>
            </>
          )}
          <DialogFooter>
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
