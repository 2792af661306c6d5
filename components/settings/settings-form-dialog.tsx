"use client";
// The add / edit dialog every Settings list uses (credentials, providers, MCP servers): a trigger, a
// form with a title, a description, the server's error in an alert, the fields, and one submit button
// that says when it is saving. `useSettingsSave` is its state: open, error, and the submit that reads
// the form, creates or updates, refreshes the list and closes the dialog with a toast.
import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { FormError } from "@/components/ui/form-error";

/** What the form gives to save, or the message to show instead (a check before the request). */
export type SettingsFormRead = (form: FormData) => Record<string, unknown> | string;

/**
 * The dialog's state and its submit: reads the form with `read`, POSTs it to `collection` (adding) or
 * PATCHes `collection/id` (editing), runs `afterSave` with the answer, refreshes `listKey` and closes
 * with "<noun> added" or "<noun> saved". Spread `dialog` into SettingsFormDialog.
 */
export function useSettingsSave<T = unknown>({
  collection,
  id,
  noun,
  listKey,
  read,
  onOpen,
  afterSave,
}: {
  /** The list's route, e.g. /api/v1/providers. */
  collection: string;
  /** The edited item's id; absent when adding. */
  id?: string;
  /** "Provider": the toast says "Provider added" or "Provider saved". */
  noun: string;
  listKey: QueryKey;
  read: SettingsFormRead;
  /** Resets the form's own state each time the dialog opens. */
  onOpen?: () => void;
  /** After a successful save, before the list refreshes (what it throws is shown in the dialog). */
  afterSave?: (saved: T) => Promise<unknown>;
}) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: async (body: Record<string, unknown>) => {
      const saved =
        id === undefined
          ? await apiFetch<T>(collection, { method: "POST", body })
          : await apiFetch<T>(`${collection}/${encodeURIComponent(id)}`, { method: "PATCH", body });
      await afterSave?.(saved);
      return saved;
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: listKey });
      setOpen(false);
      toast.success(`${noun} ${id === undefined ? "added" : "saved"}`);
    },
    onError: (e) => setError(e.message),
  });
  function onOpenChange(next: boolean) {
    if (next) {
      onOpen?.();
      setError(null);
    }
    setOpen(next);
  }
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const body = read(new FormData(e.currentTarget));
    if (typeof body === "string") setError(body);
    else mutation.mutate(body);
  }
  return { open, dialog: { open, onOpenChange, error, onSubmit, pending: mutation.isPending } };
}

export function SettingsFormDialog({
  open,
  onOpenChange,
  trigger,
  title,
  description,
  error,
  onSubmit,
  pending,
  submitLabel,
  className = "",
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  trigger: ReactNode;
  title: string;
  description: ReactNode;
  error: string | null;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  pending: boolean;
  submitLabel: string;
  /** Extra classes for the dialog, e.g. its width. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className={`max-h-[90vh] overflow-y-auto ${className}`}>
        <form onSubmit={onSubmit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          {error && <FormError>{error}</FormError>}
          {children}
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
