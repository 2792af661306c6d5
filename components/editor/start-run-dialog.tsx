"use client";
// "Run": the input form for a run of the latest published version, generated from its start node's
// input schema (or, without a version yet, the offer to publish first). "Test run" (`test`): the same
// form for a test run of the draft, from the draft's start node, saved first. Loaded when first opened.
import { useMemo, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { ApiClientError } from "@/lib/queries/api-fetch";
import { startRun, versionQuery } from "@/lib/queries/workflows";
import { startTestRun } from "@/lib/queries/test-runs";
import type { JsonSchema } from "@/lib/model/json-schema";
import type { VersionSummary } from "@/lib/workflows/types";
import { buildRunInput, initialRunInput, RunInputForm, type RunInputState } from "./run-input-form";

export function StartRunDialog({
  open,
  onOpenChange,
  workflowId,
  latestVersion,
  canPublish,
  errors,
  onPublishFirst,
  onStarted,
  test,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  workflowId: string;
  latestVersion: VersionSummary | null;
  canPublish: boolean;
  errors: number;
  onPublishFirst: () => void;
  onStarted: (runId: string, version: VersionSummary) => void;
  /** A test run of the draft: the draft's start schema, and a save before starting. */
  test?: { startSchema: () => JsonSchema | undefined; save: () => Promise<boolean> };
}) {
  const version = useQuery({ ...versionQuery(workflowId, latestVersion?.version ?? 0), enabled: open && !!latestVersion && !test });
  const schema = useMemo(() => {
    if (test) return open ? test.startSchema() : undefined;
    const start = version.data?.graph.nodes.find((n) => n.kind === "start");
    return start?.kind === "start" ? (start.config.inputSchema as JsonSchema) : undefined;
  }, [version.data, test, open]);
  const [state, setState] = useState<RunInputState | null>(null);
  const [schemaSeen, setSchemaSeen] = useState<JsonSchema | undefined>(undefined);
  if (schema !== schemaSeen) {
    setSchemaSeen(schema);
    setState(initialRunInput(schema));
  }
  const current = state ?? initialRunInput(schema);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ message: string; details: string[] } | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!latestVersion && !test) return;
    const built = buildRunInput(schema, current);
    setFieldErrors(built.errors);
    if (Object.keys(built.errors).length > 0) return;
    setPending(true);
    setError(null);
    try {
      if (test) {
        if (!(await test.save())) throw new Error("Save the draft first (see the save status).");
        const { run, snapshot } = await startTestRun(workflowId, built.input);
        toast.success("Test run started", { description: "A test of the draft: not published, not counted with production runs" });
        onStarted(run.id, {
          id: snapshot.id,
          version: snapshot.version,
          message: "",
          schemaVersion: 1,
          createdAt: run.createdAt,
          author: null,
        });
        onOpenChange(false);
        return;
      }
      if (!latestVersion) return;
      const { run } = await startRun(latestVersion.id, built.input);
      toast.success("Run started", { description: `Version ${latestVersion.version}` });
      onStarted(run.id, latestVersion);
      onOpenChange(false);
    } catch (err) {
      const details =
        err instanceof ApiClientError && Array.isArray(err.details)
          ? (err.details as { path?: string; message?: string }[]).map((d) => [d.path, d.message].filter(Boolean).join(": "))
          : [];
      setError({ message: err instanceof Error ? err.message : "Could not start the run.", details });
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        {!latestVersion && !test ? (
          <>
            <DialogHeader>
              <DialogTitle>Publish before running</DialogTitle>
              <DialogDescription>
                Runs always use a published version, so what ran can be traced exactly. This workflow has none yet.
              </DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              {canPublish && (
                <Button onClick={onPublishFirst} disabled={errors > 0} title={errors > 0 ? "Fix the problems first" : undefined}>
                  Publish first
                </Button>
              )}
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={submit} className="grid gap-4" noValidate>
            <DialogHeader>
              {test || !latestVersion ? (
                <>
                  <DialogTitle>Test run of the draft</DialogTitle>
                  <DialogDescription>
                    Runs the draft as it is now, without publishing. Pinned nodes reuse their pinned output instead of calling out. Test
                    runs are kept apart from production runs.
                  </DialogDescription>
                </>
              ) : (
                <>
                  <DialogTitle>Run version {latestVersion.version}</DialogTitle>
                  <DialogDescription>
                    The run uses the latest published version{latestVersion.message ? ` (“${latestVersion.message}”)` : ""}, not unpublished
                    draft changes.
                  </DialogDescription>
                </>
              )}
            </DialogHeader>
            {version.isPending && !test ? (
              <Skeleton className="h-24" />
            ) : (
              <RunInputForm schema={schema} state={current} onChange={setState} errors={fieldErrors} />
            )}
            {error && (
              <div role="alert" className="grid gap-1 text-sm text-destructive">
                <p>{error.message}</p>
                {error.details.length > 0 && (
                  <ul className="list-disc pl-5 text-xs">
                    {error.details.map((d, i) => (
                      <li key={i}>{d}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={pending || (version.isPending && !test)}>
                <Play className="size-4" aria-hidden />
                {pending ? "Starting…" : test ? "Start test run" : "Start run"}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
