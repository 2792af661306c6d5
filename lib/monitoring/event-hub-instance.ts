// The process-wide hub, kept on globalThis so every route bundle shares one tail.
import type { AppContext } from "@/lib/server/app-context";
import { EventHub } from "./event-hub";

const g = globalThis as unknown as { __switchyardEventHub?: EventHub };

export function getEventHub(app: AppContext): EventHub {
  g.__switchyardEventHub ??= new EventHub({
    sql: app.db.sql,
    dialect: app.db.dialect,
    subscribe: (fn) => app.engine.notifier.subscribe(fn),
    listen: (fn) => app.engine.store.listen(fn),
  });
  return g.__switchyardEventHub;
}

/** Stop and forget the process hub (shutdown, tests that swap databases). */
export async function disposeEventHub(): Promise<void> {
  const hub = g.__switchyardEventHub;
  g.__switchyardEventHub = undefined;
  await hub?.stop();
}
