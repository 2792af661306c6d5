// The one way to host the engine worker in a process. `npm start`'s embedded worker, `npm run worker`
// and the engine test harness all build it here, so the wiring (store, notifier, the inbox sweep
// before every claim, the mailer it sends with, the agent runtime scope, credentials) exists once and
// `stop` releases everything `start` acquired — the worker's runs first, then the mailer.
import "server-only";
import type { SqlDb } from "@/lib/db/sql";
import { SqlEngineStore } from "@/lib/db/engine-store";
import type { EngineStore } from "@/lib/engine/ports";
import { LocalNotifier } from "@/lib/engine/notifier";
import { Worker, type WorkerOptions } from "@/lib/engine/worker";
import { createAgentRuntime, withAgentRuntime, type AgentRuntimeOptions } from "@/lib/agents/agent-runtime";
import { createCredentialResolver } from "@/lib/credentials/credential-resolver";
import { inboxSweepHook } from "@/lib/inbox/inbox-sweep";
import { createMailer, type Mailer, type MailerOptions } from "@/lib/notifications/mailer";
import { isPostgresUrl, type Env } from "@/lib/env";
import { GovernanceSweeper } from "@/lib/governance/governance-sweeper";
import { AlertSweeper } from "@/lib/alerts/alert-sweeper";
import { HistoryArchiver } from "./history-archiver";
import { EvaluationSweeper } from "@/lib/evaluations/evaluation-sweeper";
import { credentialRunStartPolicy } from "./run-start-policy";
import { ChatPoster } from "@/lib/integrations/chat-poster";
import { processTelemetry } from "@/lib/telemetry";
import { workerLog } from "@/lib/telemetry/logger";

export interface WorkerHostOptions extends Omit<WorkerOptions, "store" | "notifier" | "resolveCredential"> {
  sql: SqlDb;
  /** Defaults to a SqlEngineStore on `sql`; the embedded worker shares the app's. */
  store?: EngineStore;
  /** Defaults to a new LocalNotifier; the embedded worker shares the app's, so starts in this process wake it. */
  notifier?: LocalNotifier;
  /**
   * The inbox sweep (escalations, new-task notifications) before every claim, mailing through SMTP
   * when `mail` is set. `false`: no sweep (engine tests; a `beforeClaim` of their own still runs).
   */
  inbox?: { mail?: MailerOptions | null; onEscalated?: () => void } | false;
  /** Agent nodes reach providers, memory and their sub-step store through this runtime. `false`: none. */
  agents?: Omit<AgentRuntimeOptions, "db"> | false;
  /** Credentials for HTTP nodes and agent tools; defaults to the stored credentials in `sql`, null for none. */
  resolveCredential?: WorkerOptions["resolveCredential"] | null;
  /** Erasure jobs and the retention purge on their own timer (lib/governance). `false` or absent: none. */
  governance?: { intervalMs: number } | false;
  /**
   * Chat approvals: post new approval tasks to Slack and Teams (as configured in Settings) and update
   * the Slack messages of decided tasks. Needs `inbox` (the sweep finds new tasks). `false` or absent: none.
   */
  chat?: { baseUrl: string } | false;
  /** Workflow alerts on their own timer (lib/alerts). `false` or absent: none. */
  alerts?: { intervalMs: number; baseUrl: string } | false;
  /** Finished runs' rows move to the archive tables `afterMs` after they finished. `false` or absent: never. */
  archive?: { afterMs: number; intervalMs: number } | false;
  /** Finished runs join the dashboard rollup every `intervalMs` (with the archive pass when there is one). `false` or absent: never. */
  rollup?: { intervalMs: number } | false;
  /**
   * Evaluations (lib/evaluations): their rows run as test runs on this worker. A start wakes the
   * sweeper (notifier, LISTEN); `intervalMs` is its safety poll. `false` or absent: none.
   */
  evaluations?: { intervalMs: number; busyMs?: number } | false;
  /** PostgreSQL LISTEN for wake-ups from other processes (default on; SWITCHYARD_PG_LISTEN=off behind PgBouncer). */
  pgListen?: boolean;
}

/** The worker's poll when PostgreSQL LISTEN is off: the longest a start in another process waits. */
export const NO_LISTEN_POLL_MS = 100;

export interface WorkerHost {
  readonly worker: Worker;
  readonly store: EngineStore;
  readonly notifier: LocalNotifier;
  readonly chat: ChatPoster | null;
  readonly alerts: AlertSweeper | null;
  readonly evaluations: EvaluationSweeper | null;
  /** Register (unless `register: false`), then claim and run until stopped. */
  start(opts?: { register?: boolean }): Promise<void>;
  /** Stop claiming, finish or hand back held runs within `graceMs`, then close the mailer. */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

/** Where the server is reached from outside: links in mail, callback URLs in expressions. */
function publicBaseUrl(e: Env): string {
  return e.SWITCHYARD_BASE_URL ?? `http://localhost:${e.PORT}`;
}

/** The process settings every hosted worker reads from the environment. */
export function workerHostSettings(
  e: Env,
): Pick<
  WorkerHostOptions,
  | "leaseMs"
  | "pollMs"
  | "concurrency"
  | "httpAllowList"
  | "inbox"
  | "agents"
  | "governance"
  | "telemetry"
  | "log"
  | "publicBaseUrl"
  | "chat"
  | "alerts"
  | "archive"
  | "rollup"
  | "evaluations"
  | "pgListen"
> {
  const pgListen = e.SWITCHYARD_PG_LISTEN === "on";
  // without LISTEN a start or decision in another process is seen by polling: poll often
  const pollMs = pgListen || !isPostgresUrl(e.DATABASE_URL) ? e.SWITCHYARD_POLL_MS : Math.min(e.SWITCHYARD_POLL_MS, NO_LISTEN_POLL_MS);
  return {
    // traces (when OTEL_EXPORTER_OTLP_ENDPOINT is set) and metrics; JSON logs with run, step and trace ids
    telemetry: processTelemetry().telemetry,
    log: workerLog,
    publicBaseUrl: publicBaseUrl(e),
    leaseMs: e.SWITCHYARD_LEASE_MS,
    pollMs,
    pgListen,
    concurrency: e.SWITCHYARD_WORKER_CONCURRENCY,
    httpAllowList: e.SWITCHYARD_HTTP_ALLOWLIST,
    inbox: {
      mail: e.SMTP_URL ? { smtpUrl: e.SMTP_URL, from: e.SMTP_FROM, baseUrl: publicBaseUrl(e) } : null,
    },
    agents: { env: e, mcpStdioCommands: e.SWITCHYARD_MCP_STDIO_COMMANDS },
    governance: { intervalMs: 3_000 },
    chat: { baseUrl: publicBaseUrl(e) },
    alerts: { intervalMs: 30_000, baseUrl: publicBaseUrl(e) },
    archive: e.SWITCHYARD_ARCHIVE_AFTER_MINUTES > 0 ? { afterMs: e.SWITCHYARD_ARCHIVE_AFTER_MINUTES * 60_000, intervalMs: 60_000 } : false,
    rollup: { intervalMs: 60_000 },
    // a start is signalled (the notifier in this process, LISTEN across processes): poll like the claim loop
    evaluations: { intervalMs: pollMs },
  };
}

export function createWorkerHost(o: WorkerHostOptions): WorkerHost {
  const {
    sql,
    inbox = false,
    agents = false,
    governance = false,
    chat = false,
    alerts = false,
    archive = false,
    rollup = false,
    evaluations = false,
    resolveCredential,
    pgListen,
    ...workerOptions
  } = o;
  const store = o.store ?? new SqlEngineStore(sql, { listen: pgListen });
  const notifier = o.notifier ?? new LocalNotifier();
  let mailer: Mailer | null = null;
  let beforeClaim = o.beforeClaim;
  const chatPoster = chat && inbox ? new ChatPoster({ db: sql, baseUrl: chat.baseUrl, log: workerOptions.log }) : null;
  if (inbox) {
    mailer = inbox.mail ? createMailer(inbox.mail) : null;
    const sweep = inboxSweepHook(sql, {
      mailer,
      onEscalated: inbox.onEscalated ?? (() => notifier.notify()),
      onNewTask: chatPoster ? (id) => chatPoster.enqueue(id) : undefined,
    });
    const withChat = chatPoster ? () => sweep().then(() => chatPoster.tick()) : sweep;
    const own = o.beforeClaim;
    beforeClaim = own ? () => withChat().then(own) : withChat;
  }
  const worker = new Worker({
    ...workerOptions,
    store,
    notifier,
    beforeClaim,
    resolveCredential: resolveCredential === null ? undefined : (resolveCredential ?? createCredentialResolver(sql)),
  });
  const alertSweeper = alerts
    ? new AlertSweeper({ db: sql, intervalMs: alerts.intervalMs, baseUrl: alerts.baseUrl, mailer, log: workerOptions.log })
    : null;
  const sweeper = governance
    ? new GovernanceSweeper({ db: sql, store, owner: worker.id, intervalMs: governance.intervalMs, log: workerOptions.log })
    : null;
  const archiver =
    archive || rollup
      ? new HistoryArchiver({
          db: sql,
          afterMs: archive ? archive.afterMs : null,
          intervalMs: archive ? archive.intervalMs : (rollup as { intervalMs: number }).intervalMs,
          log: workerOptions.log,
        })
      : null;
  const evaluationSweeper = evaluations
    ? new EvaluationSweeper({
        db: sql,
        engine: { store, notifier, policy: credentialRunStartPolicy(sql) },
        intervalMs: evaluations.intervalMs,
        busyMs: evaluations.busyMs,
        log: workerOptions.log,
      })
    : null;
  return {
    worker,
    store,
    notifier,
    chat: chatPoster,
    alerts: alertSweeper,
    evaluations: evaluationSweeper,
    async start(opts) {
      if (!agents) await worker.start(opts);
      else await withAgentRuntime(createAgentRuntime({ ...agents, db: sql }), () => worker.start(opts));
      sweeper?.start();
      alertSweeper?.start();
      archiver?.start();
      evaluationSweeper?.start();
    },
    async stop(opts) {
      try {
        await sweeper?.stop();
        await alertSweeper?.stop();
        await archiver?.stop();
        await evaluationSweeper?.stop();
        await worker.stop(opts);
        await chatPoster?.idle();
      } finally {
        mailer?.close();
        mailer = null;
      }
    },
  };
}
