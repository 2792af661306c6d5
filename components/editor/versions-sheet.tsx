"use client";
// Published versions, newest first: author, time, message and what changed since the previous
// one; the live one is marked with who made it live and when. Open a version read-only, make it
// live (promote or roll back, one click), or restore it as the draft.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ArrowDownToLine, ArrowUpToLine, Eye, History, RotateCcw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { WorkflowGraphView } from "@/components/canvas/workflow-graph-view";
import { formatDateTime } from "@/lib/format";
import { versionQuery, versionsQuery } from "@/lib/queries/workflows";
import type { VersionListItem } from "@/lib/workflows/types";
import { FormError } from "@/components/ui/form-error";

export function VersionsSheet({
  workflowId,
  open,
  onOpenChange,
  canRestore,
  onRestore,
  onMakeLive,
}: {
  workflowId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Restore and make live (both need write access). */
  canRestore: boolean;
  onRestore: (version: number) => Promise<void>;
  onMakeLive: (version: number) => Promise<void>;
}) {
  const versions = useQuery({ ...versionsQuery(workflowId), enabled: open });
  const [preview, setPreview] = useState<number | null>(null);
  const [confirm, setConfirm] = useState<VersionListItem | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [promoting, setPromoting] = useState<number | null>(null);
  const liveVersion = versions.data?.find((v) => v.live)?.version ?? null;

  return (
    <>
      <Sheet open={open} onOpenChange={onOpenChange}>
        <SheetContent className="w-full sm:max-w-md">
          <SheetHeader>
            <SheetTitle>Versions</SheetTitle>
            <SheetDescription>
              Every publish creates an immutable version. The live one is what API calls and triggers start; runs stay on the version they
              started with.
            </SheetDescription>
          </SheetHeader>
          <div className="px-4 pb-4">
            {versions.isPending ? (
              <div className="grid gap-2">
                <Skeleton className="h-16" />
                <Skeleton className="h-16" />
              </div>
            ) : versions.isError ? (
              <FormError>{versions.error.message}</FormError>
            ) : versions.data.length === 0 ? (
              <EmptyState icon={History} title="Not published yet" description="Publish the draft to create version 1." />
            ) : (
              <ol className="grid gap-2" aria-label="Published versions">
                {versions.data.map((v) => (
                  <li
                    key={v.id}
                    className={v.live ? "rounded-lg border border-emerald-600/50 bg-emerald-500/5 p-3" : "rounded-lg border p-3"}
                    aria-label={`Version ${v.version}`}
                  >
                    <div className="flex items-baseline justify-between gap-2">
                      <span className="flex items-center gap-2 text-sm font-semibold">
                        v{v.version}
                        {v.live && <Badge className="bg-emerald-600 text-white hover:bg-emerald-600">Live</Badge>}
                      </span>
                      <time className="text-xs text-muted-foreground" dateTime={v.createdAt}>
                        {formatDateTime(v.createdAt)}
                      </time>
                    </div>
                    <p className="mt-1 text-sm break-words">
                      {v.message || <span className="text-muted-foreground italic">No message</span>}
                    </p>
                    <p className="mt-1 text-xs text-muted-foreground">
                      {v.author?.name ?? "Unknown author"} · {v.changes}
                    </p>
                    {v.live && (
                      <p className="mt-1 text-xs text-emerald-700 dark:text-emerald-400" data-testid="live-since">
                        Live since {v.live.since ? formatDateTime(v.live.since) : "an unknown time"}
                        {v.live.by ? ` · made live by ${v.live.by.name}` : ""}
                      </p>
                    )}
                    <div className="mt-2 flex flex-wrap gap-2">
                      <Button variant="outline" size="sm" onClick={() => setPreview(v.version)}>
                        <Eye className="size-3.5" aria-hidden /> Open
                      </Button>
                      {canRestore && !v.live && (
                        <Button
                          variant="outline"
                          size="sm"
                          disabled={promoting !== null}
                          onClick={() => {
                            setPromoting(v.version);
                            void onMakeLive(v.version)
                              .catch(() => undefined) // the editor shows the error
                              .finally(() => setPromoting(null));
                          }}
                        >
                          {liveVersion !== null && v.version < liveVersion ? (
                            <ArrowDownToLine className="size-3.5" aria-hidden />
                          ) : (
                            <ArrowUpToLine className="size-3.5" aria-hidden />
                          )}
                          {promoting === v.version
                            ? "Making live…"
                            : liveVersion !== null && v.version < liveVersion
                              ? "Roll back to this"
                              : "Make live"}
                        </Button>
                      )}
                      {canRestore && (
                        <Button variant="outline" size="sm" onClick={() => setConfirm(v)}>
                          <RotateCcw className="size-3.5" aria-hidden /> Restore as draft
                        </Button>
                      )}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </SheetContent>
      </Sheet>

      <VersionPreview workflowId={workflowId} version={preview} onClose={() => setPreview(null)} />

      <AlertDialog open={!!confirm} onOpenChange={(o) => !o && setConfirm(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Restore version {confirm?.version} as the draft?</AlertDialogTitle>
            <AlertDialogDescription>
              The current draft is replaced by version {confirm?.version}. Published versions are not affected, and you can undo in the
              editor.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={restoring}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              disabled={restoring}
              onClick={(e) => {
                e.preventDefault();
                if (!confirm) return;
                setRestoring(true);
                void onRestore(confirm.version)
                  .then(() => {
                    setConfirm(null);
                    onOpenChange(false);
                  })
                  .finally(() => setRestoring(false));
              }}
            >
              {restoring ? "Restoring…" : "Restore"}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </>
  );
}

function VersionPreview({ workflowId, version, onClose }: { workflowId: string; version: number | null; onClose: () => void }) {
  const query = useQuery({ ...versionQuery(workflowId, version ?? 0), enabled: version !== null });
  return (
    <Dialog open={version !== null} onOpenChange={(o) => !o && onClose()}>
      <DialogContent className="flex h-[80vh] flex-col sm:max-w-5xl">
        <DialogHeader>
          <DialogTitle>Version {version} (read-only)</DialogTitle>
          <DialogDescription>
            {query.data
              ? `${query.data.message || "No message"} · ${query.data.author?.name ?? "Unknown author"} · ${formatDateTime(query.data.createdAt)}`
              : "Loading…"}
          </DialogDescription>
        </DialogHeader>
        <div className="min-h-0 flex-1 overflow-hidden rounded-md border">
          {query.data ? <WorkflowGraphView graph={query.data.graph} showMinimap /> : <Skeleton className="size-full" />}
        </div>
      </DialogContent>
    </Dialog>
  );
}
