"use client";
import { useState } from "react";
import { ArrowRightLeft, CheckCircle2, MessageSquare, Siren, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { submitOnModEnter } from "./mod-enter";
import { formatDateTime } from "@/lib/format";
import type { CommentView, DecisionView } from "@/lib/inbox/task-types";
import { DiffTable } from "./edit-approve-dialog";

type Item = { kind: "decision"; at: number; d: DecisionView } | { kind: "comment"; at: number; c: CommentView };

const commentIcon = { comment: MessageSquare, reassign: ArrowRightLeft, escalation: Siren } as const;

/** Decisions, comments, reassignments and escalations in time order, and the comment box. */
export function TaskHistory({
  decisions,
  comments,
  canComment,
  commenting,
  onComment,
}: {
  decisions: DecisionView[];
  comments: CommentView[];
  canComment: boolean;
  commenting: boolean;
  onComment: (body: string) => Promise<unknown>;
}) {
  const [body, setBody] = useState("");
  const items: Item[] = [
    ...decisions.map((d) => ({ kind: "decision" as const, at: d.atMs, d })),
    ...comments.map((c) => ({ kind: "comment" as const, at: c.atMs, c })),
  ].sort((a, b) => a.at - b.at);
  return (
    <div className="grid gap-3">
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No decisions or comments yet.</p>
      ) : (
        <ol className="grid gap-3" data-testid="task-history">
          {items.map((it) => {
            if (it.kind === "decision") {
              const Icon = it.d.decision === "approve" ? CheckCircle2 : XCircle;
              return (
                <li key={it.d.id} className="flex gap-2 text-sm">
                  <Icon
                    className={
                      it.d.decision === "approve"
                        ? "mt-0.5 size-4 shrink-0 text-status-succeeded"
                        : "mt-0.5 size-4 shrink-0 text-status-failed"
                    }
                    aria-hidden
                  />
                  <div className="grid min-w-0 flex-1 gap-1">
                    <div>
                      <span className="font-medium">{it.d.userName}</span>{" "}
                      {it.d.decision === "approve" ? (it.d.diff ? "approved with changes" : "approved") : "rejected"}
                      <span className="text-muted-foreground"> · {formatDateTime(it.d.atMs)}</span>
                    </div>
                    {it.d.comment && <p className="whitespace-pre-wrap text-muted-foreground">{it.d.comment}</p>}
                    {it.d.diff && it.d.diff.length > 0 && <DiffTable diff={it.d.diff} />}
                  </div>
                </li>
              );
            }
            const Icon = commentIcon[it.c.kind];
            return (
              <li key={it.c.id} className="flex gap-2 text-sm">
                <Icon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden />
                <div className="grid min-w-0 flex-1 gap-0.5">
                  <div>
                    <span className="font-medium">{it.c.userName}</span>
                    <span className="text-muted-foreground"> · {formatDateTime(it.c.atMs)}</span>
                  </div>
                  <p className="whitespace-pre-wrap">{it.c.body}</p>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      {canComment && (
        <form
          onKeyDown={submitOnModEnter}
          className="grid gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const text = body.trim();
            if (!text) return;
            onComment(text).then(
              () => setBody(""),
              () => undefined,
            );
          }}
        >
          <Label htmlFor="task-comment" className="sr-only">
            Comment
          </Label>
          <Textarea
            id="task-comment"
            rows={2}
            placeholder="Add a comment for the other reviewers"
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
          <div>
            <Button type="submit" size="sm" variant="outline" disabled={commenting || body.trim() === ""}>
              {commenting && <Spinner />}
              Comment
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
