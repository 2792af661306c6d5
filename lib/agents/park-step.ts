// Thrown inside a tool call's sub-step when the call must wait — for a reviewer's decision
// (tool-approval.ts) or for a child run (workflow-tool.ts). Nothing is persisted for that position,
// so when the engine executes the step again (same attempt) the loop replays its completed
// sub-steps and arrives at the same call; the agent loop turns the error into `{ park }`.
import type { ParkRequest } from "@/lib/engine/ports";

export class ParkStep extends Error {
  constructor(readonly request: ParkRequest) {
    super(`waiting on ${request.task ? "a task" : "a child run"} (${request.key})`);
  }
}
