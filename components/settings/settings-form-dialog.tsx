"use client";
// The add / edit dialog every Settings list uses (credentials, providers, MCP servers): a trigger, a
// form with a title, a description, the server's error in an alert, the fields, and one submit button
// that says when it is saving. `useSettingsSave` is its state: open, error, and the create-or-update
// mutation that refreshes the list and closes the dialog with a toast.
import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";

export function useSettingsSave({
  save,
  listKey,
  saved,
  onOpen,
}: {
  /** Creates or updates; what it throws is shown in the dialog. */
  save: (body: Record<string, unknown>) => Promise<unknown>;
  listKey: QueryKey;
  /** The toast after a successful save. */
  saved: string;
  /** Resets the form's own state each time the dialog opens. */
  onOpen?: () => void;
}) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: save,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: listKey });
      setOpen(false);
      toast.success(saved);
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
  return { open, onOpenChange, error, setError, mutation };
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
          {error && (
            <p role="alert" className="text-sm text-destructive">
              {error}
            </p>
          )}
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
