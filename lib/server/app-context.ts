// The process-wide application context: configuration, database, auth and the engine handle.
// Kept on globalThis so Next.js route bundles and the instrumentation hook share one instance.
import path from "node:path";
import { env, type Env } from "@/lib/env";
import { openDatabase, type Database } from "@/lib/db/connection";
import { createAuth, type Auth } from "@/lib/auth/auth";
import { readOrCreateSecretFile } from "./secret-file";

/** What request handlers need from the engine; the worker (instrumentation.ts) fills it in. */
export interface EngineHandle {
  /** Wake local workers now (a run was started or a task decided). */
  notify(): void;
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
    const db = openDatabase(e.DATABASE_URL, { synchronous: e.SQLITE_SYNCHRONOUS });
    const secret = e.SWITCHYARD_AUTH_SECRET ?? readOrCreateSecretFile(path.join(dataDir(), "auth.secret"));
    const auth = createAuth({ env: e, db, secret });
    g.__switchyard = { env: e, db, auth, engine: { notify: () => undefined } };
  }
  return g.__switchyard;
}

export function setEngineHandle(handle: EngineHandle): void {
  getAppContext().engine = handle;
}
