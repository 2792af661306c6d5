// What every table of the database holds and what retention and erasure do to it: the one list a new
// table must join (tests/governance/data-inventory.test.ts compares it with the live schema on both
// databases, and the erasure and retention tests seed every table this list says they touch).
// Run-scoped tables go with their run (lib/db/retention-store.ts) and lose their values with it in an
// erasure (lib/db/erasure-store.ts); configuration, people and system tables are not a data subject's.

/** What retention does to a table's rows. */
export type RetentionRule =
  /** Deleted with the finished run they belong to (purgeExpiredRunBatch). */
  | "with-run"
  /** Their own, shorter expiry (named in `note`), independent of runs. */
  | "own-expiry"
  /** Not run data: kept until someone deletes them. */
  | "kept";

/** What an erasure by data subject does to a table's rows of the subject's runs. */
export type ErasureRule =
  /** Values replaced by `{"erased":true}` / `[erased]`; ids, statuses, times, counts stay. */
  | "redacted"
  /** Rows deleted. */
  | "deleted"
  /** Rows keep only structure (ids, times, counts) in the first place: nothing to redact. */
  | "structure-only"
  /** Not a data subject's data (configuration, staff accounts, system state). */
  | "not-subject-data";

export interface TableRules {
  retention: RetentionRule;
  erasure: ErasureRule;
  note: string;
  /**
   * The hot table whose finished runs' rows this archive table holds (lib/db/history-archive-store.ts):
   * same rules as that table; tests/governance/history-archive.test.ts erases and purges archived rows,
   * so the dump tests, which seed runs that are not archived, leave these tables to it.
   */
  archiveOf?: string;
}

export const DATA_INVENTORY = {
  // people: the staff who use Switchyard (user management), not the subjects of runs
  User: { retention: "kept", erasure: "not-subject-data", note: "Staff accounts; disabled, never deleted (the audit trail names them)." },
  Session: { retention: "own-expiry", erasure: "not-subject-data", note: "Sign-in sessions; expire." },
  Account: { retention: "kept", erasure: "not-subject-data", note: "Password hashes of staff accounts." },
  Verification: { retention: "own-expiry", erasure: "not-subject-data", note: "Sign-in verification tokens; expire." },
  RateLimit: { retention: "own-expiry", erasure: "not-subject-data", note: "Sign-in throttling counters." },
  Delegation: { retention: "kept", erasure: "not-subject-data", note: "Out-of-office delegations between staff." },
  ChatUserLink: { retention: "kept", erasure: "not-subject-data", note: "Which staff member a Slack user is." },
  // configuration
  ApiKey: { retention: "kept", erasure: "not-subject-data", note: "Key hashes and scopes." },
  Workflow: { retention: "kept", erasure: "not-subject-data", note: "The workflow, its settings and legal hold." },
  WorkflowVersion: {
    retention: "with-run",
    erasure: "redacted",
    note: "Published versions are kept; a test snapshot's pinned outputs are redacted when a subject's test run used it, and the snapshot goes when its last run is purged.",
  },
  WorkflowPin: {
    retention: "with-run",
    erasure: "deleted",
    note: "A pin copied from a run's step goes with that run (purged or erased); pins typed by hand stay.",
  },
  ModelProvider: { retention: "kept", erasure: "not-subject-data", note: "Provider settings; API keys encrypted." },
  Credential: { retention: "kept", erasure: "not-subject-data", note: "Encrypted credentials." },
  WebhookTrigger: { retention: "kept", erasure: "not-subject-data", note: "Webhook URL ids and encrypted secrets." },
  Schedule: { retention: "kept", erasure: "not-subject-data", note: "Schedule triggers of live versions." },
  McpServer: { retention: "kept", erasure: "not-subject-data", note: "MCP servers and their cached tool lists." },
  // evaluations: test data a designer chose; rows imported from past runs and evaluation rows copy
  // those runs' values, so they follow those runs in an erasure (and evaluation rows in retention)
  EvalDataset: { retention: "kept", erasure: "not-subject-data", note: "A workflow's evaluation datasets (names, sizes)." },
  EvalDatasetRow: {
    retention: "kept",
    erasure: "redacted",
    note: "Test inputs and expected outputs, kept until the dataset is deleted. A row imported from a past run (sourceRunId) keeps that run's subject hash and is redacted when the subject is erased, also after the run was purged; rows from CSV or typed JSON are the designer's and stay.",
  },
  Evaluation: { retention: "kept", erasure: "not-subject-data", note: "Evaluations of a workflow: targets, graders, totals." },
  EvaluationRow: {
    retention: "with-run",
    erasure: "redacted",
    note: "Each row's test run id, a copy of its output and its grades (which may quote it): redacted when the test run's subject is erased; when the test run is purged the row keeps only structure (pass, cost, latency, escalated) and loses its output, grades and run id.",
  },
  Setting: { retention: "kept", erasure: "not-subject-data", note: "Global settings (retention, personal-data grant, chat)." },
  // run data
  Run: { retention: "with-run", erasure: "redacted", note: "Input, output, error; the tombstone erasedAtMs." },
  Step: { retention: "with-run", erasure: "redacted", note: "Input, output, error, wait key." },
  RunEvent: { retention: "with-run", erasure: "redacted", note: "Event data." },
  ModelCall: { retention: "with-run", erasure: "redacted", note: "Requests, responses and errors of model calls and sub-steps." },
  StepArchive: { retention: "with-run", erasure: "redacted", note: "Steps of runs finished a while ago.", archiveOf: "Step" },
  RunEventArchive: { retention: "with-run", erasure: "redacted", note: "Events of runs finished a while ago.", archiveOf: "RunEvent" },
  ModelCallArchive: {
    retention: "with-run",
    erasure: "redacted",
    note: "Model calls of runs finished a while ago.",
    archiveOf: "ModelCall",
  },
  Task: { retention: "with-run", erasure: "redacted", note: "Title, instructions, payload, context, result." },
  TaskAssignee: { retention: "with-run", erasure: "structure-only", note: "Which staff or role a task is assigned to." },
  Decision: { retention: "with-run", erasure: "redacted", note: "Comment, payload, edited values." },
  TaskComment: { retention: "with-run", erasure: "redacted", note: "Comment bodies." },
  Notification: { retention: "with-run", erasure: "redacted", note: "Titles (they quote the task)." },
  ChatMessage: {
    retention: "with-run",
    erasure: "redacted",
    note: "The Slack/Teams message of a task: its error text goes, and a posted Slack message is rewritten from the erased task.",
  },
  McpCallStart: { retention: "with-run", erasure: "structure-only", note: "Markers of MCP calls in flight (ids, times)." },
  EventDelivery: { retention: "with-run", erasure: "structure-only", note: "Which event reached which run." },
  ScheduleFire: { retention: "with-run", erasure: "redacted", note: "One row per fire time; its error text." },
  // run data with an expiry of its own
  PublishedEvent: {
    retention: "own-expiry",
    erasure: "redacted",
    note: "Kept 7 days (dedupe window); events that started or resumed the run are redacted.",
  },
  WebhookDelivery: {
    retention: "own-expiry",
    erasure: "redacted",
    note: "Kept 7 days; the stored request of a delivery that started the run goes.",
  },
  IdempotencyKey: { retention: "with-run", erasure: "deleted", note: "Kept 24 h; holds the start's answer." },
  MemoryEntry: { retention: "own-expiry", erasure: "deleted", note: "Agent memory expires by its workflow's memory retention." },
  // dashboard statistics (lib/db/run-rollup-store.ts): counts and sums per workflow × hour, no run ids,
  // no inputs or outputs, no people. Purged runs keep counting here: a dashboard's last 30 days must
  // not change because retention removed the runs' contents, and nothing here identifies a subject.
  RunRollup: {
    retention: "kept",
    erasure: "not-subject-data",
    note: "Finished runs counted per workflow, hour, status and outcome, with cost, tokens and duration sums; purged runs stay counted.",
  },
  RunModelRollup: {
    retention: "kept",
    erasure: "not-subject-data",
    note: "Model calls, tokens and cost per workflow, hour and model; purged runs stay counted.",
  },
  // system
  AuditEvent: {
    retention: "own-expiry",
    erasure: "structure-only",
    note: "Audit retention (7 years by default), oldest prefix only; personal text is recorded as keyed digests, never in clear.",
  },
  AuditCheckpoint: { retention: "kept", erasure: "not-subject-data", note: "Signed chain heads." },
  ErasureJob: { retention: "kept", erasure: "structure-only", note: "The subject's keyed hash and counts, never the subject." },
  Worker: { retention: "own-expiry", erasure: "not-subject-data", note: "Live worker registrations." },
  ProviderSlot: {
    retention: "own-expiry",
    erasure: "not-subject-data",
    note: "Model calls in flight under a provider limit; expire in seconds.",
  },
  ChatInteraction: { retention: "own-expiry", erasure: "not-subject-data", note: "Digests of handled Slack requests (replay guard)." },
  AlertFiring: { retention: "kept", erasure: "not-subject-data", note: "Alert firings: counts, rates and spend per workflow." },
} as const satisfies Record<string, TableRules>;

export type TableName = keyof typeof DATA_INVENTORY;

/** Tables the database has that are not the product's (migration bookkeeping). */
export const BOOKKEEPING_TABLES: readonly string[] = ["_prisma_migrations", "_switchyard_migrations"];

/**
 * SQLite only: the audit trail's full-text search index (FTS5, migration 0028), its shadow tables and
 * the mark of how far it has indexed (migration 0031). Derived from AuditEvent in batches and by
 * triggers, so they hold what it holds and follow its retention; PostgreSQL has a GIN index instead.
 */
export const DERIVED_TABLES: readonly string[] = [
  "AuditSearch",
  "AuditSearch_config",
  "AuditSearch_data",
  "AuditSearch_idx",
  "AuditSearchMark",
];
