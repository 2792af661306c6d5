"use client";
// Publish the draft as a new immutable version with a message, live at once (the default) or not.
// Blocked while validation errors remain.
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { ApiClientError } from "@/lib/queries/api-fetch";
import type { Problem } from "@/lib/model/validate-graph";

export function PublishDialog({
  open,
  onOpenChange,
  errors,
  nextVersion,
  onPublish,
  onShowProblems,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  errors: number;
  nextVersion: number;
  onPublish: (message: string, makeLive: boolean) => Promise<void>;
  onShowProblems: () => void;
}) {
  const [message, setMessage] = useState("");
  const [makeLive, setMakeLive] = useState(true);
  const [pending, setPending] = useState(false);
  const [serverProblems, setServerProblems] = useState<Problem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const blocked = errors > 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (blocked) return;
    setPending(true);
    setError(null);
    setServerProblems(null);
    try {
      await onPublish(message.trim(), makeLive);
      setMessage("");
      setMakeLive(true);
      onOpenChange(false);
    } catch (err) {
      if (err instanceof ApiClientError && err.status === 422) {
        setServerProblems((err.details as { problems?: Problem[] } | undefined)?.problems ?? []);
      }
      setError(err instanceof Error ? err.message : "Could not publish.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (!o) {
          setError(null);
          setServerProblems(null);
        }
        onOpenChange(o);
      }}
    >
      <DialogContent>
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Publish version {nextVersion}</DialogTitle>
            <DialogDescription>
              A version never changes once published. The live version is the one API calls and triggers start.
            </DialogDescription>
          </DialogHeader>
          {blocked ? (
            <div role="alert" className="rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive">
              Fix {errors} problem{errors === 1 ? "" : "s"} before publishing.{" "}
              <button
                type="button"
                className="font-medium underline underline-offset-2"
                onClick={() => {
                  onOpenChange(false);
                  onShowProblems();
                }}
              >
                Show problems
              </button>
            </div>
          ) : (
            <div className="grid gap-1.5">
              <Label htmlFor="publish-message">What changed?</Label>
              <Textarea
                id="publish-message"
                value={message}
                maxLength={500}
                placeholder="e.g. Route large loans to a manager"
                onChange={(e) => setMessage(e.target.value)}
                autoFocus
              />
              <div className="mt-2 flex items-start gap-2">
                <Checkbox id="publish-make-live" checked={makeLive} onCheckedChange={(c) => setMakeLive(c === true)} className="mt-0.5" />
                <div className="grid gap-0.5">
                  <Label htmlFor="publish-make-live">Make it live now</Label>
                  <p className="text-xs text-muted-foreground">
                    {makeLive
                      ? "API calls and triggers start this version from now on."
                      : "The live version stays as it is; promote this one later from Versions."}
                  </p>
                </div>
              </div>
            </div>
          )}
          {error && (
            <div role="alert" className="grid gap-1 text-sm text-destructive">
              <p>{error}</p>
              {serverProblems && serverProblems.length > 0 && (
                <ul className="list-disc pl-5 text-xs">
                  {serverProblems.map((p, i) => (
                    <li key={i}>{p.message}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={blocked || pending}>
              {pending ? "Publishing…" : "Publish"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
