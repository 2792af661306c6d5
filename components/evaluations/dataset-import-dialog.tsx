"use client";
// The frame both dataset imports share (CSV, past runs): the dialog, its title and description,
// the dataset's name, the source's own fields, and the POST that refreshes the list and closes
// with a toast. What a refusal says is shown by ./import-error.tsx inside the fields.
import type { ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";
import { evalPaths, type DatasetRecord } from "./eval-api";

/** POST one import; on success the datasets list refreshes, a toast says how many rows, and `onImported` resets the form. */
export function useDatasetImport(workflowId: string, onImported: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiFetch<{ dataset: DatasetRecord }>(evalPaths(workflowId).datasets, { method: "POST", body }),
    onSuccess: ({ dataset }) => {
      void qc.invalidateQueries({ queryKey: ["eval-datasets", workflowId] });
      toast.success(`Imported ${dataset.rowCount} rows into "${dataset.name}"`);
      onImported();
    },
  });
}

export function DatasetImportDialog({
  open,
  onOpenChange,
  title,
  description,
  nameId,
  name,
  onNameChange,
  onSubmit,
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  title: string;
  description: ReactNode;
  nameId: string;
  name: string;
  onNameChange: (name: string) => void;
  onSubmit: () => void;
  /** The dialog's width, e.g. sm:max-w-2xl. */
  className: string;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className={`max-h-[90dvh] overflow-y-auto ${className}`}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          <div className="grid gap-1">
            <Label htmlFor={nameId}>Name</Label>
            <Input id={nameId} value={name} onChange={(e) => onNameChange(e.target.value)} required />
          </div>
          {children}
        </form>
      </DialogContent>
    </Dialog>
  );
}
