"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { submitOnModEnter } from "./mod-enter";
import { touchTargets } from "./touch-targets";
import { FormError } from "@/components/ui/form-error";

/** Approve from the keyboard: one more Enter confirms, with an optional comment. */
export function ApproveDialog({
  title,
  open,
  onOpenChange,
  pending,
  onConfirm,
}: {
  title: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  pending: boolean;
  onConfirm: (comment: string) => void;
}) {
  const [comment, setComment] = useState("");
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (o) setComment("");
        onOpenChange(o);
      }}
    >
      <DialogContent className={touchTargets}>
        <form
          className="grid gap-4"
          onKeyDown={submitOnModEnter}
          onSubmit={(e) => {
            e.preventDefault();
            onConfirm(comment.trim());
          }}
        >
          <DialogHeader>
            <DialogTitle>Approve “{title}”?</DialogTitle>
            <DialogDescription>The proposal is approved as shown. Press Enter to confirm.</DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="approve-comment">Comment (optional)</Label>
            <Textarea id="approve-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} autoFocus>
              {pending && <Spinner />}
              Approve
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Reject with a reason: the reason is required and recorded with the decision. */
export function RejectDialog({
  title,
  open,
  onOpenChange,
  pending,
  onConfirm,
}: {
  title: string;
  open: boolean;
  onOpenChange: (o: boolean) => void;
  pending: boolean;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const missing = reason.trim() === "";
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        if (o) {
          setReason("");
          setTouched(false);
        }
        onOpenChange(o);
      }}
    >
      <DialogContent className={touchTargets}>
        <form
          className="grid gap-4"
          onKeyDown={submitOnModEnter}
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (!missing) onConfirm(reason.trim());
          }}
        >
          <DialogHeader>
            <DialogTitle>Reject “{title}”</DialogTitle>
            <DialogDescription>
              Say why. The reason goes to the run (the rejected path) and the audit log. Ctrl/⌘+Enter rejects.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-1.5">
            <Label htmlFor="reject-reason">Reason (required)</Label>
            <Textarea
              id="reject-reason"
              rows={3}
              autoFocus
              value={reason}
              aria-invalid={touched && missing ? true : undefined}
              aria-describedby={touched && missing ? "reject-reason-error" : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            {touched && missing && (
              <FormError id="reject-reason-error" size="xs">
                A reason is required to reject.
              </FormError>
            )}
          </div>
          <DialogFooter>
            <Button variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="destructive" disabled={pending}>
              {pending && <Spinner />}
              Reject
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
