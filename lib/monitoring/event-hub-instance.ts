// The process-wide hub, kept on globalThis so every route bundle shares one tail.
import type { AppContext } from "@/lib/server/app-context";
import { listenLiveText } from "@/lib/db/live-text-channel";
import { EventHub } from "./event-hub";
import { liveTextHub } from "./live-text";
import { decodeLiveText } from "./live-text-wire";

const g = globalThis as unknown as { __switchyardEventHub?: EventHub; __switchyardLiveTextListen?: Promise<() => Promise<void>> };

export function getEventHub(app: AppContext): EventHub {
  g.__switchyardEventHub ??= new EventHub({
    sql: app.db.sql,
    dialect: app.db.dialect,
    subscribe: (fn) => app.engine.notifier.subscribe(fn),
    listen: (fn) => app.engine.store.listen(fn),
  });
  // Live model text from workers in other processes (PostgreSQL; a no-op on SQLite), from now on.
  g.__switchyardLiveTextListen ??= listenLiveText(app.db.sql, (payload) => {
    const hub = liveTextHub();
    for (const m of decodeLiveText(payload)) hub.publish(m);
  }).catch((e: unknown) => {
    console.warn("[events] LISTEN for live text failed; text appears when steps end", String(e));
    g.__switchyardLiveTextListen = undefined;
    return async () => undefined;
  });
  return g.__switchyardEventHub;
}

/** Stop and forget the process hub (shutdown, tests that swap databases). */
export async function disposeEventHub(): Promise<void> {
  const hub = g.__switchyardEventHub;
  const listening = g.__switchyardLiveTextListen;
  g.__switchyardEventHub = undefined;
  g.__switchyardLiveTextListen = undefined;
  await hub?.stop();
  await (
    await listening
  )?.();
}
