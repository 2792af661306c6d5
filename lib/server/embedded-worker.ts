// The in-process worker of `npm start`: the same engine worker as `npm run worker`, sharing the app
// context's store and notifier so starts and decisions in this process wake it immediately.
import path from "node:path";
import { Worker } from "@/lib/engine/worker";
import { sqlitePath } from "@/lib/env";
import { createAgentRuntime, withAgentRuntime } from "@/lib/agents/agent-runtime";
import { createCredentialResolver } from "@/lib/credentials/credential-resolver";
import { inboxSweepHook } from "@/lib/inbox/inbox-sweep";
import { ScheduleTicker } from "@/lib/triggers/schedule-tick";
import { createMailer } from "@/lib/notifications/mailer";
import type { AppContext } from "./app-context";

const g = globalThis as unknown as { __switchyardWorker?: Worker };

export async function startEmbeddedWorker(app: AppContext): Promise<void> {
  if (g.__switchyardWorker) return;
  const e = app.env;
  const mailer = e.SMTP_URL
    ? createMailer({ smtpUrl: e.SMTP_URL, from: e.SMTP_FROM, baseUrl: e.SWITCHYARD_BASE_URL ?? `http://localhost:${e.PORT}` })
    : null;
  const inboxSweep = inboxSweepHook(app.db.sql, { mailer, onEscalated: () => app.engine.notify() });
  const schedules = new ScheduleTicker({
    sql: app.db.sql,
    store: app.engine.store,
    notifier: app.engine.notifier,
    policy: app.engine.policy,
  });
  const worker = new Worker({
    store: app.engine.store,
    notifier: app.engine.notifier,
    // escalations and new-task notifications, then due schedules, before every claim
    beforeClaim: async () => {
      await inboxSweep();
      await schedules.tick();
    },
    nextDueAt: schedules.nextDueAt,
    leaseMs: e.SWITCHYARD_LEASE_MS,
    pollMs: e.SWITCHYARD_POLL_MS,
    concurrency: app.env.SWITCHYARD_WORKER_CONCURRENCY,
    httpAllowList: app.env.SWITCHYARD_HTTP_ALLOWLIST,
    resolveCredential: createCredentialResolver(app.db.sql),
    databaseLabel: app.db.dialect === "sqlite" ? path.relative(process.cwd(), sqlitePath(app.db.url)) : undefined,
  });
  // Agent nodes reach providers, memory and their sub-step store through this scope.
  await withAgentRuntime(createAgentRuntime({ db: app.db.sql, env: app.env }), () => worker.start());
  g.__switchyardWorker = worker;
  const stop = () => {
    worker
      .stop()
      .catch((e: unknown) => console.error("[worker] shutdown failed", e))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
