"use client";
// Import a workflow file (upload or paste). The server validates it and returns every problem.
import { useState, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import { ApiClientError } from "@/lib/queries/api-fetch";
import { importWorkflow } from "@/lib/queries/workflows";
import type { FileProblem } from "@/lib/workflows/workflow-file";
import { describeRefusal, parseJsonSafely } from "@/lib/model/safe-json";

/** Uncontrolled with a trigger button (default), or controlled with `open` / `onOpenChange`. */
export function ImportWorkflowDialog({
  trigger,
  open: controlledOpen,
  onOpenChange,
}: {
  trigger?: ReactNode;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}) {
  const router = useRouter();
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const controlled = controlledOpen !== undefined;
  const open = controlled ? controlledOpen : uncontrolledOpen;
  const setOpen = (o: boolean) => {
    if (!controlled) setUncontrolledOpen(o);
    onOpenChange?.(o);
  };
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<FileProblem[]>([]);
  const [pending, setPending] = useState(false);

  function reset() {
    setFile(null);
    setText("");
    setError(null);
    setProblems([]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setProblems([]);
    const source = file ? await file.text() : text;
    if (!source.trim()) {
      setError("Choose a file or paste the workflow JSON.");
      return;
    }
    const parsed = parseJsonSafely(source);
    if (!parsed.ok) {
      const r = parsed.refusal;
      setError(r.kind === "syntax" ? `This is not valid JSON: ${r.message}` : `This file cannot be imported: ${describeRefusal(r)}.`);
      return;
    }
    const json = parsed.value;
    setPending(true);
    try {
      const res = await importWorkflow(json);
      setOpen(false);
      reset();
      const n = res.problems.filter((p) => p.severity === "error").length;
      const fileName = (json as { name?: unknown }).name;
      // a workflow of that name existed: the server gave this one a name of its own ("… (imported)")
      const renamed = typeof fileName === "string" && fileName !== res.workflow.name ? `“${fileName}” exists already. ` : "";
      const problems = n > 0 ? `${n} problem${n === 1 ? "" : "s"} to fix before publishing.` : "";
      if (n > 0) toast(`Imported “${res.workflow.name}”`, { description: `${renamed}${problems}` });
      else toast.success(`Imported “${res.workflow.name}”`, renamed ? { description: renamed.trim() } : undefined);
      router.push(`/workflows/${res.workflow.id}`);
    } catch (err) {
      if (err instanceof ApiClientError && err.status === 422) {
        setProblems((err.details as { problems?: FileProblem[] } | undefined)?.problems ?? []);
      }
      setError(err instanceof Error ? err.message : "Import failed.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
    >
      {!controlled && (
        <DialogTrigger asChild>
          {trigger ?? (
            <Button variant="outline">
              <Upload className="size-4" aria-hidden />
              Import
            </Button>
          )}
        </DialogTrigger>
      )}
      <DialogContent className="sm:max-w-xl">
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>Import a workflow</DialogTitle>
            <DialogDescription>
              A file exported from Switchyard (format “switchyard.workflow”). It becomes a new workflow.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="import-file">File</Label>
            <Input id="import-file" type="file" accept="application/json,.json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="import-json">Or paste JSON</Label>
            <Textarea
              id="import-json"
              className="max-h-48 font-mono text-xs"
              rows={6}
              value={text}
              disabled={!!file}
              onChange={(e) => setText(e.target.value)}
              placeholder='{ "format": "switchyard.workflow", "name": "…", "graph": { … } }'
            />
          </div>
          {error && (
            <div role="alert" className="grid gap-2 rounded-md border border-destructive/40 bg-destructive/5 p-3 text-sm text-destructive">
              <p className="font-medium">{error}</p>
              {problems.length > 0 && (
                <ul aria-label="Import problems" className="grid max-h-56 gap-1 overflow-y-auto text-xs">
                  {problems.map((p, i) => (
                    <li key={i}>
                      {p.path && <code className="mr-1.5 rounded bg-destructive/10 px-1">{p.path}</code>}
                      {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? "Importing…" : "Import"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
