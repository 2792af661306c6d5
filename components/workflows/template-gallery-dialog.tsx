"use client";
// New workflow from a template: pick one of the gallery's starting points, name it, create it.
import { useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { LayoutTemplate } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { KindIcon } from "@/components/canvas/node-icon";
import { apiFetch } from "@/lib/queries/api-fetch";
import { cn } from "@/lib/utils";
import type { NodeKind } from "@/lib/model/node-kind";
import { workflowTemplates } from "@/lib/workflows/templates";

const summaries = workflowTemplates.map((t) => {
  const graph = t.build();
  const kinds = [...new Set(graph.nodes.map((n) => n.kind))].filter((k): k is NodeKind => k !== "start" && k !== "end");
  return { ...t, nodes: graph.nodes.length, kinds };
});

export function TemplateGalleryDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState(summaries[0].id);
  const [name, setName] = useState(summaries[0].name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setError("Name is required.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      const { workflow } = await apiFetch<{ workflow: { id: string } }>("/api/v1/workflows", {
        method: "POST",
        body: { name: name.trim(), template: chosen },
      });
      setOpen(false);
      router.push(`/workflows/${workflow.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not create the workflow.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <LayoutTemplate className="size-4" aria-hidden />
          Templates
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-3xl">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Start from a template</DialogTitle>
            <DialogDescription>
              Each template is a complete, valid workflow. Point its HTTP steps at your systems, then publish.
            </DialogDescription>
          </DialogHeader>
          <div role="radiogroup" aria-label="Templates" className="grid gap-3 sm:grid-cols-3">
            {summaries.map((t) => (
              <button
                key={t.id}
                type="button"
                role="radio"
                aria-checked={chosen === t.id}
                onClick={() => {
                  if (name === summaries.find((s) => s.id === chosen)?.name) setName(t.name);
                  setChosen(t.id);
                }}
                className={cn(
                  "flex flex-col gap-2 rounded-lg border p-3 text-left transition-colors outline-none hover:bg-accent/50 focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  chosen === t.id && "border-primary ring-1 ring-primary",
                )}
              >
                <span className="font-medium">{t.name}</span>
                <span className="text-xs leading-snug text-muted-foreground">{t.description}</span>
                <span className="mt-auto flex flex-wrap gap-1 pt-1">
                  {t.kinds.map((k) => (
                    <KindIcon key={k} kind={k} className="size-6" />
                  ))}
                </span>
                <span className="flex flex-wrap gap-1">
                  {t.highlights.map((h) => (
                    <Badge key={h} variant="secondary" className="font-normal">
                      {h}
                    </Badge>
                  ))}
                </span>
                <span className="text-[11px] text-muted-foreground">{t.nodes} nodes</span>
              </button>
            ))}
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="template-name">Name</Label>
            <Input
              id="template-name"
              value={name}
              maxLength={120}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={error ? true : undefined}
            />
            {error && <p className="text-sm text-destructive">{error}</p>}
          </div>
          <DialogFooter>
            <Button type="submit" disabled={pending}>
              {pending ? "Creating…" : "Create from template"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
