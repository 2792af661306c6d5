"use client";
// New workflow from a template: pick one of the gallery's starting points (a radio group: arrow keys
// move the choice), see what it needs, name it, create it.
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
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
import { workflowTemplates } from "@/lib/workflows/templates";
import { summarizeTemplate, type TemplateNeeds } from "@/lib/workflows/template-summary";
import { TemplateThumbnail } from "./template-thumbnail";

const summaries = workflowTemplates.map(summarizeTemplate);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Short labels for the card. */
function needBadges(needs: TemplateNeeds): string[] {
  return [
    ...(needs.agents ? ["Model provider"] : []),
    ...(needs.approvals ? ["Reviewers"] : []),
    ...(needs.credentials.length ? [plural(needs.credentials.length, "credential")] : []),
    ...needs.triggers.map((t) => `${t[0].toUpperCase()}${t.slice(1)} trigger`),
    ...(needs.events.length ? ["Events"] : []),
  ];
}

/** The full list for the chosen template. */
function needLines(needs: TemplateNeeds): string[] {
  return [
    ...(needs.agents ? [`A model provider in Settings for its ${plural(needs.agents, "agent")} (the default provider is used).`] : []),
    ...(needs.approvals ? ["Reviewers who can decide its approvals (the reviewer role)."] : []),
    ...needs.credentials.map((c) => `Credential: ${c}.`),
    ...(needs.endpoints.length ? [`Point its HTTP steps at your systems: ${needs.endpoints.join(", ")}.`] : []),
    ...(needs.triggers.includes("webhook") ? ["The webhook's URL and secret (created with the workflow) given to the sender."] : []),
    ...(needs.triggers.includes("schedule") ? ["Publishing makes its schedule live; it then starts runs on its own."] : []),
    ...needs.events.map((e) => `A system that publishes the ${e} event (POST /api/v1/events).`),
  ];
}

export function TemplateGalleryDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState(summaries[0].id);
  const [name, setName] = useState(summaries[0].name);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const cards = useRef<(HTMLButtonElement | null)[]>([]);
  const current = summaries.find((s) => s.id === chosen) ?? summaries[0];

  function choose(index: number) {
    const next = summaries[index];
    if (name === current.name) setName(next.name);
    setChosen(next.id);
    cards.current[index]?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLButtonElement>, index: number) {
    const last = summaries.length - 1;
    const to =
      e.key === "ArrowRight" || e.key === "ArrowDown"
        ? (index + 1) % summaries.length
        : e.key === "ArrowLeft" || e.key === "ArrowUp"
          ? (index + last) % summaries.length
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? last
              : null;
    if (to === null) return;
    e.preventDefault();
    choose(to);
  }

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
      <DialogContent className="sm:max-w-5xl">
        <form onSubmit={submit} className="grid min-w-0 gap-4">
          <DialogHeader>
            <DialogTitle>Start from a template</DialogTitle>
            <DialogDescription>
              Each template is a complete, valid workflow. Point its HTTP steps at your systems, then publish.
            </DialogDescription>
          </DialogHeader>
          <div role="radiogroup" aria-label="Templates" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {summaries.map((t, i) => (
              <button
                key={t.id}
                ref={(el) => {
                  cards.current[i] = el;
                }}
                type="button"
                role="radio"
                aria-checked={chosen === t.id}
                aria-labelledby={`template-${t.id}-name`}
                aria-describedby={`template-${t.id}-description`}
                tabIndex={chosen === t.id ? 0 : -1}
                onClick={() => choose(i)}
                onKeyDown={(e) => onKeyDown(e, i)}
                className={cn(
                  "flex min-w-0 flex-col gap-2 rounded-lg border p-3 text-left transition-colors outline-none hover:bg-accent/50 focus-visible:ring-[3px] focus-visible:ring-ring/50",
                  chosen === t.id && "border-primary ring-1 ring-primary",
                )}
              >
                <TemplateThumbnail thumbnail={t.thumbnail} label={`${t.name}: ${t.nodes} nodes`} />
                <span id={`template-${t.id}-name`} className="font-medium">
                  {t.name}
                </span>
                <span id={`template-${t.id}-description`} className="line-clamp-3 text-xs leading-snug text-muted-foreground">
                  {t.description}
                </span>
                <span className="mt-auto flex flex-wrap items-center gap-1 pt-1">
                  {t.kinds.map((k) => (
                    <KindIcon key={k} kind={k} className="size-6" />
                  ))}
                  <span className="ml-auto text-[11px] text-muted-foreground">{t.nodes} nodes</span>
                </span>
                <span className="flex flex-wrap gap-1">
                  <span className="sr-only">Needs:</span>
                  {needBadges(t.needs).map((n) => (
                    <Badge key={n} variant="outline" className="font-normal">
                      {n}
                    </Badge>
                  ))}
                </span>
              </button>
            ))}
          </div>
          <section aria-labelledby="template-needs-title" className="grid gap-2 rounded-lg border bg-muted/30 p-3 text-sm">
            <h3 id="template-needs-title" className="font-medium">
              {current.name}: what it needs
            </h3>
            <div className="flex flex-wrap gap-1">
              {current.highlights.map((h) => (
                <Badge key={h} variant="secondary" className="font-normal">
                  {h}
                </Badge>
              ))}
            </div>
            <ul className="grid list-disc gap-1 pl-5 text-muted-foreground">
              {needLines(current.needs).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </section>
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
