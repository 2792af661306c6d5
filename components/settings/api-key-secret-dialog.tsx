"use client";
import { useState } from "react";
import { Check, Copy } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** The one and only time a key's secret is shown: a read-only field and a copy button. */
export function ApiKeySecretDialog({ issued, onClose }: { issued: { name: string; secret: string } | null; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    if (!issued) return;
    await navigator.clipboard.writeText(issued.secret);
    setCopied(true);
  }
  return (
    <Dialog
      open={issued !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Copy your new key</DialogTitle>
          <DialogDescription>
            This is the only time the key “{issued?.name}” is shown. Store it in your other program&apos;s secret settings now; Switchyard
            keeps only a hash of it.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-1.5">
          <Label htmlFor="new-api-key-secret">New API key</Label>
          <div className="flex gap-2">
            <Input
              id="new-api-key-secret"
              readOnly
              value={issued?.secret ?? ""}
              className="font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button type="button" variant="outline" onClick={() => void copy()} aria-label="Copy key">
              {copied ? <Check className="size-4" aria-hidden /> : <Copy className="size-4" aria-hidden />}
              <span className="hidden sm:inline">{copied ? "Copied" : "Copy"}</span>
            </Button>
          </div>
          <p role="status" className="min-h-5 text-xs text-muted-foreground">
            {copied ? "Copied to the clipboard." : ""}
          </p>
        </div>
        <DialogFooter>
          <Button
            type="button"
            onClick={() => {
              setCopied(false);
              onClose();
            }}
          >
            Done
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
