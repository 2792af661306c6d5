// The approval node's escalation chain as stored on Task.escalation (JSON, decoded by lib/db).
// Semantics (docs/inbox.md): when the task's due time passes at level i < chain.length, the task is
// reassigned to chain[i].to and becomes due again afterMs later (level i + 1); when it passes at the
// last level, the engine routes the approval down `timeout`.
import { z } from "zod";

export const escalationStepSchema = z.object({
  to: z.object({ type: z.enum(["user", "role"]), id: z.string().min(1) }),
  afterMs: z.number().int().min(1),
});

export type EscalationStep = z.output<typeof escalationStepSchema>;

/** A malformed stored chain counts as no chain (the task then simply times out when due). */
export function parseEscalationChain(value: unknown): EscalationStep[] {
  const r = z.array(escalationStepSchema).safeParse(value);
  return r.success ? r.data : [];
}
