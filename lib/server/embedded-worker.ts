// The in-process worker of `npm start`: the same worker host as `npm run worker`, sharing the app
// context's store and notifier so starts and decisions in this process wake it immediately.
import "server-only";
import path from "node:path";
import { sqlitePath } from "@/lib/env";
import type { AppContext } from "./app-context";
import { ScheduleTicker } from "@/lib/triggers/schedule-tick";
import { createWorkerHost, workerHostSettings, type WorkerHost } from "./worker-host";
import { requestsQueued } from "./request-pressure";

const g = globalThis as unknown as { __switchyardWorker?: WorkerHost };

export async function startEmbeddedWorker(app: AppContext): Promise<void> {
  if (g.__switchyardWorker) return;
  const schedules = new ScheduleTicker({
    sql: app.db.sql,
    store: app.engine.store,
    notifier: app.engine.notifier,
    schedulesChanged: app.engine.scheduleChanges,
    policy: app.engine.policy,
  });
  const host = createWorkerHost({
    ...workerHostSettings(app.env),
    sql: app.db.sql,
    store: app.engine.store,
    notifier: app.engine.notifier,
    // due schedules, after the inbox sweep, before every claim
    beforeClaim: () => schedules.tick(),
    nextDueAt: schedules.nextDueAt,
    // requests queueing in this server are answered before new runs are claimed
    foregroundBusy: requestsQueued,
    databaseLabel: app.db.dialect === "sqlite" ? path.relative(process.cwd(), sqlitePath(app.db.url)) : undefined,
  });
  await host.start();
  g.__switchyardWorker = host;
  const stop = () => {
    host
      .stop()
      .catch((e: unknown) => console.error("[worker] shutdown failed", e))
      .finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
