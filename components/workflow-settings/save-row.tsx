"use client";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form-error";

/** A workflow settings section's foot: the save's error, if any, then its submit button. */
export function SaveRow({ error, pending, label }: { error: Error | null; pending: boolean; label: string }) {
  return (
    <>
      {error && <FormError>{error.message}</FormError>}
      <div>
        <Button type="submit" disabled={pending}>
          {label}
        </Button>
      </div>
    </>
  );
}
