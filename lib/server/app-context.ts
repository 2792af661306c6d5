// The process-wide application context: configuration, database, auth and the engine handle.
// Kept on globalThis so Next.js route bundles and the instrumentation hook share one instance.
import "server-only";
import path from "node:path";
import { env, type Env } from "@/lib/env";
import { openDatabase, type Database } from "@/lib/db/connection";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { readOrCreateSecretFile } from "./secret-file";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { LocalNotifier } from "@/lib/engine/notifier";
import type { EngineDeps } from "@/lib/engine/run-service";
import type { RunStartPolicy } from "@/lib/engine/run-start-policy";
import { credentialRunStartPolicy } from "./run-start-policy";

/**
 * What request handlers need from the engine: the store and the in-process notifier that the
 * embedded worker listens to, so a start or a decision wakes it at once. Pass `engine` as the
 * EngineDeps of startRun/cancelRun/decideTask.
 */
export interface EngineHandle extends EngineDeps {
  store: SqlEngineStore;
  notifier: LocalNotifier;
  /** Required here, so every start through the application's engine passes the start policy. */
  policy: RunStartPolicy;
  /** Wake local workers now (a run was started or a task decided). */
  notify(): void;
  /** Subscribed to by the in-process schedule tick (lib/triggers/schedule-tick.ts). */
  scheduleChanges: LocalNotifier;
  /**
   * A schedule may have changed in this process (published, made live, resumed): the in-process
   * worker looks for due schedules on its next pass instead of within RESCAN_MS, and wakes for it.
   */
  schedulesChanged(): void;
}

export interface AppContext {
  env: Env;
  db: Database;
  auth: Auth;
  engine: EngineHandle;
}

const g = globalThis as unknown as { __switchyard?: AppContext };

export function dataDir(): string {
  return path.resolve(process.cwd(), "data");
}

export function getAppContext(): AppContext {
  if (!g.__switchyard) {
    const e = env();
    const db = openDatabase(e.DATABASE_URL, { synchronous: e.SQLITE_SYNCHRONOUS, walCheckpoint: e.SQLITE_WAL_CHECKPOINT });
    const secret = e.SWITCHYARD_AUTH_SECRET ?? readOrCreateSecretFile(path.join(dataDir(), "auth.secret"));
    const auth = createAuth({ env: e, db, secret });
    const notifier = new LocalNotifier();
    const scheduleChanges = new LocalNotifier();
    const engine: EngineHandle = {
      store: new SqlEngineStore(db.sql, { listen: e.SWITCHYARD_PG_LISTEN === "on" }),
      notifier,
      policy: credentialRunStartPolicy(db.sql),
      notify: () => notifier.notify(),
      scheduleChanges,
      schedulesChanged: () => {
        scheduleChanges.notify();
        notifier.notify();
      },
    };
    g.__switchyard = { env: e, db, auth, engine };
  }
  return g.__switchyard;
}
