"use client";
import { Button } from "@/components/ui/button";

/** A workflow settings section's foot: the save's error, if any, then its submit button. */
export function SaveRow({ error, pending, label }: { error: Error | null; pending: boolean; label: string }) {
  return (
    <>
      {error && (
        <p role="alert" className="text-sm text-destructive">
          {error.message}
        </p>
      )}
      <div>
        <Button type="submit" disabled={pending}>
          {label}
        </Button>
      </div>
    </>
  );
}
