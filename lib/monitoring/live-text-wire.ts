// The NOTIFY payload that carries live text between processes (lib/db/live-text-channel.ts):
//   {"o": "<origin process>", "c": [[runId, stepKey, seq, offset, text, done], …]}
// Payloads are built under the channel's byte limit (a long piece is split); the receiver parses
// with zod and drops its own process's payloads (it published those locally already).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { LiveTextMessage } from "./live-text-merge";

/** This process, as the origin of the payloads it sends. */
export const LIVE_TEXT_ORIGIN = randomUUID();

/** Characters of text per element: at most 6 bytes each once JSON-escaped, so one always fits. */
const PIECE_CHARS = 900;

const payloadSchema = z.object({
  o: z.string().max(64),
  c: z
    .array(
      z.tuple([
        z.string().max(64),
        z.string().max(1000),
        z.number().int().min(0),
        z.number().int().min(0),
        z.string(),
        z.union([z.literal(0), z.literal(1)]),
      ]),
    )
    .max(1000),
});

export function encodeLiveText(messages: LiveTextMessage[], maxBytes: number, origin: string = LIVE_TEXT_ORIGIN): string[] {
  const head = `{"o":${JSON.stringify(origin)},"c":[`;
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = head.length + 2;
  const push = (el: string) => {
    const bytes = Buffer.byteLength(el) + 1;
    if (parts.length && size + bytes > maxBytes) {
      payloads.push(`${head}${parts.join(",")}]}`);
      parts = [];
      size = head.length + 2;
    }
    parts.push(el);
    size += bytes;
  };
  for (const m of messages) {
    const pieces = Math.max(1, Math.ceil(m.text.length / PIECE_CHARS));
    for (let i = 0; i < pieces; i++) {
      const text = m.text.slice(i * PIECE_CHARS, (i + 1) * PIECE_CHARS);
      const done = m.done && i === pieces - 1 ? 1 : 0;
      push(JSON.stringify([m.runId, m.stepKey, m.seq, m.offset + i * PIECE_CHARS, text, done]));
    }
  }
  if (parts.length) payloads.push(`${head}${parts.join(",")}]}`);
  return payloads;
}

/** Messages of a payload from another process; [] for this process's own or an unreadable payload. */
export function decodeLiveText(payload: string, origin: string = LIVE_TEXT_ORIGIN): LiveTextMessage[] {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return [];
  }
  const parsed = payloadSchema.safeParse(raw);
  if (!parsed.success || parsed.data.o === origin) return [];
  return parsed.data.c.map(([runId, stepKey, seq, offset, text, done]) => ({ runId, stepKey, seq, offset, text, done: done === 1 }));
}
