// The clipboard payload's zod schema and parser. Kept apart from ./clipboard (copy, paste into a
// graph), which the editor needs on first load without zod.
import { z } from "zod";
import { CLIPBOARD_FORMAT, type ClipboardPayload } from "./clipboard";
import { draftNodeSchema } from "./draft-graph-schema";
import { edgeSchema, MAX_EDGES, MAX_NODES } from "./graph-schema";
import { parseJsonSafely } from "./safe-json";

export const clipboardSchema = z.object({
  format: z.literal(CLIPBOARD_FORMAT),
  nodes: z.array(draftNodeSchema).min(1).max(MAX_NODES),
  edges: z.array(edgeSchema).max(MAX_EDGES).default([]),
});

// The schema's output is a ClipboardPayload.
const parsedIsPayload = (p: z.output<typeof clipboardSchema>): ClipboardPayload => p;
void parsedIsPayload;

/** Parse clipboard text; null when it is not a Switchyard selection. */
export function parseClipboard(text: string): ClipboardPayload | null {
  const raw = parseJsonSafely(text);
  if (!raw.ok) return null;
  const parsed = clipboardSchema.safeParse(raw.value);
  return parsed.success ? parsed.data : null;
}
