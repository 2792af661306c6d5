"use client";
// Out of office: hand the tasks assigned to me by name to one other person between two dates (the
// last date included), see the delegations given and received that have not ended, and cancel mine.
// The server checks the rest (an enabled decider, no overlap, separation of duties at decision time).
import { useState, useSyncExternalStore, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarOff } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toaster";
import {
  cancelDelegation,
  createDelegation,
  delegateCandidatesQuery,
  delegationKeys,
  delegationsQuery,
  type DelegationItem,
} from "@/lib/queries/delegations";
import { taskKeys } from "@/lib/queries/tasks";
import { FormError } from "@/components/ui/form-error";

const DAY_MS = 24 * 3600_000;

/** "YYYY-MM-DD" of a time in the browser's zone (what a date input holds). */
function dateInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Local midnight at the start of a "YYYY-MM-DD" day, or null when it is not a date. */
function startOfDay(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const ms = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Number.isFinite(ms) ? ms : null;
}

const noopSubscribe = () => () => undefined;
const todayInput = () => dateInput(Date.now());
const serverToday = () => "";

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** The window as days, the last one included (toMs is the midnight after it). */
function windowLabel(d: DelegationItem): string {
  return `${dateFormat.format(d.fromMs)} – ${dateFormat.format(d.toMs - 1)}`;
}

const selectClass =
  "h-9 w-full rounded-md border border-input bg-background px-2 text-sm focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none max-lg:h-11";

export function OutOfOfficePanel({ userId }: { userId: string }) {
  const qc = useQueryClient();
  const list = useQuery(delegationsQuery());
  const candidates = useQuery(delegateCandidatesQuery());
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([qc.invalidateQueries({ queryKey: delegationKeys.list() }), qc.invalidateQueries({ queryKey: taskKeys.lists() })]);

  const create = useMutation({
    mutationFn: createDelegation,
    onSuccess: async ({ delegation }) => {
      toast.success(`Your tasks go to ${delegation.delegateName} from ${windowLabel(delegation)}`);
      await refresh();
    },
    onError: (e) => setError(e.message),
  });
  const cancel = useMutation({
    mutationFn: cancelDelegation,
    onSuccess: async ({ delegation }) => {
      toast.success(`Delegation to ${delegation.delegateName} cancelled`);
      await refresh();
    },
    onError: (e) => toast.error(e.message),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    setError(null);
    const delegateId = String(f.get("ooo-delegate") ?? "");
    const from = startOfDay(String(f.get("ooo-from") ?? ""));
    const to = startOfDay(String(f.get("ooo-to") ?? ""));
    if (!delegateId) return setError("Choose who takes your tasks.");
    if (from === null || to === null) return setError("Choose the first and the last day you are away.");
    if (to < from) return setError("The last day must be on or after the first day.");
    const note = String(f.get("ooo-note") ?? "").trim();
    create.mutate({ delegateId, fromMs: from, toMs: to + DAY_MS, ...(note ? { note } : {}) }, { onSuccess: () => form.reset() });
  }

  // the browser's today (its time zone): empty while rendered on the server
  const today = useSyncExternalStore(noopSubscribe, todayInput, serverToday);
  const delegations = list.data?.delegations ?? [];
  const users = candidates.data?.users ?? [];
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Out of office</h2>
        </CardTitle>
        <CardDescription>
          While you are away, the tasks assigned to you by name also go to the person you choose. They decide on your behalf, and the
          decision records it; separation of duties still applies.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6">
        <form onSubmit={onSubmit} className="grid max-w-xl gap-4" noValidate aria-label="Delegate my tasks">
          {error && <FormError>{error}</FormError>}
          <div className="grid gap-1.5">
            <Label htmlFor="ooo-delegate">Delegate to</Label>
            <select id="ooo-delegate" name="ooo-delegate" className={selectClass} defaultValue="" disabled={candidates.isPending}>
              <option value="" disabled>
                {candidates.isPending ? "Loading people…" : users.length ? "Choose a person" : "Nobody else can decide tasks"}
              </option>
              {users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="grid gap-1.5">
              <Label htmlFor="ooo-from">First day away</Label>
              <Input id="ooo-from" name="ooo-from" type="date" min={today || undefined} defaultValue={today} className="max-lg:h-11" />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="ooo-to">Last day away</Label>
              <Input id="ooo-to" name="ooo-to" type="date" min={today || undefined} className="max-lg:h-11" />
            </div>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="ooo-note">Note (optional)</Label>
            <Input id="ooo-note" name="ooo-note" maxLength={2000} placeholder="Holiday" className="max-lg:h-11" />
          </div>
          <div>
            <Button type="submit" disabled={create.isPending} className="max-lg:h-11">
              {create.isPending && <Spinner />}
              Delegate my tasks
            </Button>
          </div>
        </form>

        <section aria-labelledby="ooo-current" className="grid gap-2">
          <h3 id="ooo-current" className="text-sm font-semibold">
            Current and upcoming
          </h3>
          {list.isPending ? (
            <p className="text-sm text-muted-foreground" aria-busy="true">
              Loading…
            </p>
          ) : list.isError ? (
            <FormError>Could not load the delegations: {list.error.message}</FormError>
          ) : delegations.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-muted-foreground">
              <CalendarOff className="size-4" aria-hidden />
              No delegations: your tasks stay with you.
            </p>
          ) : (
            <ul className="grid gap-2" aria-label="Delegations" data-testid="delegation-list">
              {delegations.map((d) => {
                const mine = d.userId === userId;
                return (
                  <li key={d.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-md border p-3 text-sm">
                    <div className="grid min-w-0 flex-1 gap-0.5">
                      <span className="font-medium">
                        {mine ? `Your tasks go to ${d.delegateName}` : `${d.userName}'s tasks come to you`}
                      </span>
                      <span className="text-muted-foreground">
                        {windowLabel(d)} · {d.active ? "active now" : "scheduled"}
                        {d.note ? ` · ${d.note}` : ""}
                      </span>
                    </div>
                    {mine && (
                      <Button
                        variant="outline"
                        size="sm"
                        className="max-lg:h-11"
                        disabled={cancel.isPending}
                        onClick={() => cancel.mutate(d.id)}
                        aria-label={`Cancel the delegation to ${d.delegateName}, ${windowLabel(d)}`}
                      >
                        Cancel
                      </Button>
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </CardContent>
    </Card>
  );
}
