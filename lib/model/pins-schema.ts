// Parsing of pinned outputs where they cross a boundary: a snapshot version's pins column, a pin
// typed by hand or taken from a run step (API bodies). See pins.ts.
import { z } from "zod";
import { MAX_PIN_BYTES, type PinnedOutput } from "./pins";
import { utf8Length } from "./json-size";

const handleSchema = z.string().trim().min(1).max(64);

/** A pinned output: any JSON value (at most MAX_PIN_BYTES once serialized) and the handle it takes. */
export const pinnedOutputSchema = z
  .object({
    output: z.unknown(),
    handle: handleSchema,
  })
  .refine((p) => p.output !== undefined, { message: "output is required", path: ["output"] })
  .refine((p) => utf8Length(JSON.stringify(p.output) ?? "") <= MAX_PIN_BYTES, {
    message: `output is larger than ${MAX_PIN_BYTES} bytes`,
    path: ["output"],
  });

/** A snapshot's pins column: `{ nodeId: { output, handle } }`. */
export const pinnedOutputsSchema = z.record(z.string(), pinnedOutputSchema);

/** The pins of a snapshot version, from its column (null: none). A corrupt column is an error, never ignored. */
export function parsePinnedOutputs(text: string | null | undefined): Map<string, PinnedOutput> {
  if (text === null || text === undefined || text === "") return new Map();
  const parsed = pinnedOutputsSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`Stored pinned outputs are invalid: ${parsed.error.message}`);
  return new Map(Object.entries(parsed.data).map(([id, p]) => [id, { output: p.output, handle: p.handle }]));
}
