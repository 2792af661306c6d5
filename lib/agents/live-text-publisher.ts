// Where the agent runtime sends a streaming model answer: the process's live-text buffer (SSE
// connections of this process see each piece at once) and, on PostgreSQL, a NOTIFY that other
// processes' buffers fold in (lib/db/live-text-channel.ts). NOTIFYs are coalesced: while one is in
// flight the pieces that arrive wait and leave together in the next, so a fast model costs about
// one round trip per round-trip time, not one per token. A failed NOTIFY loses live text only.
import type { SqlDb } from "@/lib/db/sql";
import { LIVE_TEXT_PAYLOAD_BYTES, notifyLiveText } from "@/lib/db/live-text-channel";
import { liveTextHub } from "@/lib/monitoring/live-text";
import { foldLiveText, liveTextKey, type LiveText, type LiveTextMessage } from "@/lib/monitoring/live-text-merge";
import { encodeLiveText } from "@/lib/monitoring/live-text-wire";

export type LiveTextSink = (m: LiveTextMessage) => void;

export function liveTextPublisher(db: SqlDb): LiveTextSink {
  const hub = liveTextHub();
  if (db.dialect !== "postgresql") return (m) => hub.publish(m);
  let pending = new Map<string, LiveText>();
  let sending = false;
  const flush = async () => {
    sending = true;
    try {
      while (pending.size) {
        const batch = [...pending.values()].map((c) => ({ ...c, offset: c.from }));
        pending = new Map();
        for (const payload of encodeLiveText(batch, LIVE_TEXT_PAYLOAD_BYTES)) {
          await notifyLiveText(db, payload).catch((e: unknown) => console.warn("[live-text] NOTIFY failed", String(e)));
        }
      }
    } finally {
      sending = false;
    }
  };
  return (m) => {
    hub.publish(m);
    const key = liveTextKey(m);
    pending.set(key, foldLiveText(pending.get(key), m));
    if (!sending) void flush();
  };
}
