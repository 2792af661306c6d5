"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { apiFetch } from "@/lib/queries/api-fetch";

/** Confirmed delete for a settings row (provider or credential). */
export function ProvidersDeleteButton({
  url,
  name,
  what,
  queryKey,
}: {
  url: string;
  name: string;
  what: string;
  queryKey: readonly unknown[];
}) {
  const qc = useQueryClient();
  const remove = useMutation({
    mutationFn: () => apiFetch(url, { method: "DELETE" }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey });
      toast.success(`${what} deleted`);
    },
    onError: (e) => toast.error(e.message),
  });
  return (
    <AlertDialog>
      <AlertDialogTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Delete ${name}`} disabled={remove.isPending}>
          <Trash2 aria-hidden />
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>Delete {name}?</AlertDialogTitle>
          <AlertDialogDescription>
            Workflow nodes that reference this {what.toLowerCase()} will fail until you pick another one. The stored secret is destroyed.
          </AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={() => remove.mutate()}>
            Delete
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
