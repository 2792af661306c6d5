"use client";
// Publish the draft as a new immutable version with a message, live at once (the default) or not.
// Blocked while validation errors remain; with warnings it lists them and asks to publish anyway.
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { ApiClientError } from "@/lib/queries/api-fetch";
import type { Problem } from "@/lib/model/validate-graph";
import type { DraftDiff } from "@/lib/model/diff-changes";

export function PublishDialog({
  open,
  onOpenChange,
  errors,
  warnings = [],
  changes = null,
  nextVersion,
  onPublish,
  onShowProblems,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  errors: number;
  /** Design-time warnings: listed so publishing is a confirmed choice. */
  warnings?: Problem[];
  /** What the draft changes against the latest published version (null: first version, or not loaded yet). */
  changes?: { since: number; diff: DraftDiff } | null;
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
              {changes && <ChangeList since={changes.since} diff={changes.diff} />}
              <Label htmlFor="publish-message">What changed?</Label>
              <Textarea
                id="publish-message"
                value={message}
                maxLength={500}
                placeholder="e.g. Route large loans to a manager"
                onChange={(e) => setMessage(e.target.value)}
                autoFocus
              />
              {warnings.length > 0 && (
                <div
                  role="group"
                  aria-labelledby="publish-warnings-title"
                  data-testid="publish-warnings"
                  className="mt-1 grid gap-1.5 rounded-md border border-status-waiting/40 bg-status-waiting/5 p-3 text-sm"
                >
                  <p id="publish-warnings-title" className="font-medium text-status-waiting">
                    {warnings.length} warning{warnings.length === 1 ? "" : "s"} — publish anyway?
                  </p>
                  <ul className="grid max-h-40 list-disc gap-1 overflow-y-auto pl-5 text-xs text-foreground">
                    {warnings.map((w, i) => (
                      <li key={i} data-code={w.code}>
                        {w.message}
                      </li>
                    ))}
                  </ul>
                  <button
                    type="button"
                    className="w-fit text-xs font-medium underline underline-offset-2"
                    onClick={() => {
                      onOpenChange(false);
                      onShowProblems();
                    }}
                  >
                    Review them in Problems
                  </button>
                </div>
              )}
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
              {pending ? "Publishing…" : warnings.length > 0 ? "Publish anyway" : "Publish"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const CHANGE_WORD = { added: "Added", removed: "Removed", changed: "Changed" } as const;

function ChangeList({ since, diff }: { since: number; diff: DraftDiff }) {
  const empty = diff.nodes.length === 0 && diff.edges.length === 0 && !diff.settingsChanged;
  return (
    <section
      aria-labelledby="publish-changes-title"
      data-testid="publish-changes"
      className="mb-2 grid gap-1.5 rounded-md border p-3 text-sm"
    >
      <h3 id="publish-changes-title" className="font-medium">
        Changes since version {since}
      </h3>
      {empty ? (
        <p className="text-xs text-muted-foreground">None: this version would be the same as version {since}.</p>
      ) : (
        <ul className="grid max-h-40 gap-1 overflow-y-auto text-xs">
          {diff.nodes.map((n) => (
            <li key={`n-${n.id}`} data-change={n.change} data-kind="node">
              <span className="font-medium">{CHANGE_WORD[n.change]} node</span> {n.name}
            </li>
          ))}
          {diff.edges.map((e, i) => (
            <li key={`e-${i}`} data-change={e.change} data-kind="edge">
              <span className="font-medium">{CHANGE_WORD[e.change]} edge</span> {e.label}
            </li>
          ))}
          {diff.settingsChanged && (
            <li data-change="changed" data-kind="settings">
              Workflow settings changed
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
