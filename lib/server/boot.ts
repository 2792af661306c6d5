// Server start-up: migrate, then start the embedded worker unless SWITCHYARD_WORKER=off.
import "server-only";
import { getAppContext } from "./app-context";
import { EnvError } from "@/lib/env";
import { migrate, NewerDatabaseError } from "@/lib/db/migrate";
import { startEmbeddedWorker } from "./embedded-worker";

/**
 * Where boot's promise is published for the production server's direct API path
 * (scripts/api-dispatch.mjs): it answers requests only after migrations ran and the worker started,
 * as Next.js does for the requests it handles itself.
 */
export const BOOT_KEY = Symbol.for("switchyard.boot");

export function boot(): Promise<void> {
  const g = globalThis as unknown as Record<symbol, Promise<void> | undefined>;
  return (g[BOOT_KEY] ??= bootOnce());
}

async function bootOnce(): Promise<void> {
  let app;
  try {
    app = getAppContext();
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(`[switchyard] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  try {
    const r = await migrate(app.db.sql);
    if (r.applied.length) console.log(`[switchyard] applied migrations: ${r.applied.join(", ")}`);
  } catch (e) {
    if (e instanceof NewerDatabaseError) {
      console.error(`[switchyard] ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
  if (app.env.SWITCHYARD_WORKER === "inprocess") await startEmbeddedWorker(app);
}
