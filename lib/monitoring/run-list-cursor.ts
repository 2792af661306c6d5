// The runs list's page cursor (isomorphic): the sort key values and id of a row, as an opaque
// URL-safe token. A page is "the rows after (or before) this row in the list's order", read from an
// index range, instead of an offset that walks every row before it.
import { z } from "zod";

/** Sort key values of a row (createdAt ms, cost, duration: numbers; a duration can be null) and its id last. */
export type CursorValues = (number | null)[];

const cursorShape = z.object({ k: z.array(z.number().finite().nullable()).max(3), id: z.string().min(1).max(100) });

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(token: string): string {
  const bin = atob(token.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

export function encodeCursor(keys: CursorValues, id: string): string {
  return toBase64Url(JSON.stringify({ k: keys, id }));
}

/** The cursor's values, or null when the token is not one (a hand-edited or outdated link). */
export function decodeCursor(token: string): { keys: CursorValues; id: string } | null {
  try {
    const parsed = cursorShape.safeParse(JSON.parse(fromBase64Url(token)));
    return parsed.success ? { keys: parsed.data.k, id: parsed.data.id } : null;
  } catch {
    return null;
  }
}
