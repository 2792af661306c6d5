// The port for the policy every way of starting a run must pass besides graph and input validation
// (today: the credentials the version uses must allow the initiator's role). startRun and
// rerunFromStep call it before anything is written, so a new start path (webhook, schedule, event)
// gets the same checks by calling the service. The application wires the implementation
// (lib/server/run-start-policy.ts); the engine only knows this interface.
import type { VersionRecord } from "./ports";

export interface RunInitiator {
  userId: string | null;
  /** The role the run acts with, when the caller knows it (a signed-in user); otherwise looked up from userId. */
  role?: string | null;
}

export interface RunStartPolicy {
  /** Throws a DomainError (e.g. 403 credential_forbidden) when `initiator` may not start a run of `version`. */
  assertMayStart(version: VersionRecord, initiator: RunInitiator): Promise<void>;
}
