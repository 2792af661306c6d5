"use client";
import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { memoryKeys } from "./memory-queries";
import { FormError } from "@/components/ui/form-error";

/** Retention of a workflow's memory: days after which entries are no longer used and get purged. */
export function MemoryRetention({ workflowId, retentionDays }: { workflowId: string; retentionDays: number | null }) {
  const qc = useQueryClient();
  const [value, setValue] = useState(retentionDays === null ? "" : String(retentionDays));
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (days: number | null) =>
      apiFetch(`/api/v1/memory/${encodeURIComponent(workflowId)}`, { method: "PATCH", body: { retentionDays: days } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: memoryKeys.all });
      toast.success("Retention saved");
    },
    onError: (e) => setError(e.message),
  });
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        const trimmed = value.trim();
        const days = trimmed === "" ? null : Number(trimmed);
        if (days !== null && (!Number.isInteger(days) || days < 1)) {
          setError("Enter a whole number of days (1 or more), or leave it empty to keep memory until erased.");
          return;
        }
        save.mutate(days);
      }}
    >
      <div className="grid gap-1.5">
        <Label htmlFor="memory-retention">Keep memory for (days)</Label>
        <Input
          id="memory-retention"
          inputMode="numeric"
          className="w-40"
          placeholder="Until erased"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby="memory-retention-help"
        />
      </div>
      <Button type="submit" variant="outline" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save retention"}
      </Button>
      <p id="memory-retention-help" className="basis-full text-xs text-muted-foreground">
        Entries older than this are no longer loaded by agents and are deleted. Empty keeps them until someone erases them.
      </p>
      {error && <FormError className="basis-full">{error}</FormError>}
    </form>
  );
}
