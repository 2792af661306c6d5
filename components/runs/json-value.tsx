"use client";
// A stored value (input, output, error, model message…): small values shown in full, large ones
// collapsed to a preview with "Show all"; always copyable and downloadable as a .json file.
import { useState } from "react";
import { CheckIcon, ChevronDownIcon, ChevronUpIcon, CopyIcon, DownloadIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

const COLLAPSE_CHARS = 1500;
const PREVIEW_CHARS = 600;

export function JsonValue({ value, name, label, className }: { value: unknown; name: string; label?: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState(false);
  const text = value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value, null, 2);
  const big = text.length > COLLAPSE_CHARS;
  const shown = big && !open ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
  const copy = async () => {
    await navigator.clipboard.writeText(text);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const download = () => {
    const blob = new Blob([typeof value === "string" ? JSON.stringify(value) : text], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${name}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  if (value === null || value === undefined)
    return <p className="text-sm text-muted-foreground">{label ? `No ${label.toLowerCase()}.` : "Empty."}</p>;
  return (
    <div className={cn("grid gap-1.5", className)}>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs text-muted-foreground">
          {label}
          {big && ` · ${(text.length / 1024).toFixed(1)} KB`}
        </span>
        <div className="flex gap-1">
          <Button variant="ghost" size="sm" className="h-7 px-2" onClick={() => void copy()} aria-label={`Copy ${label ?? name}`}>
            {copied ? <CheckIcon aria-hidden /> : <CopyIcon aria-hidden />}
            <span className="sr-only sm:not-sr-only">{copied ? "Copied" : "Copy"}</span>
          </Button>
          <Button variant="ghost" size="sm" className="h-7 px-2" onClick={download} aria-label={`Download ${label ?? name}`}>
            <DownloadIcon aria-hidden />
            <span className="sr-only sm:not-sr-only">Download</span>
          </Button>
        </div>
      </div>
      <pre className="max-h-96 overflow-auto rounded-md border bg-muted/40 p-2.5 font-mono text-xs leading-relaxed break-words whitespace-pre-wrap">
        {shown}
      </pre>
      {big && (
        <Button variant="link" size="sm" className="h-auto justify-self-start p-0" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
          {open ? <ChevronUpIcon aria-hidden /> : <ChevronDownIcon aria-hidden />}
          {open ? "Collapse" : `Show all (${(text.length / 1024).toFixed(1)} KB)`}
        </Button>
      )}
    </div>
  );
}
