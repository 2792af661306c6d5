// A run's outcome: what it came to, besides its status ("succeeded" says the engine finished; the
// outcome says whether the loan was approved). End nodes may name one; a run that ended because an
// approval was rejected or timed out and nothing handled it records "rejected" / "timed_out".
import { z } from "zod";

/** Lower-case words joined by `_` or `-`: short enough for a badge, safe in a URL. */
export const OUTCOME_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;
export const outcomeName = z
  .string()
  .regex(OUTCOME_PATTERN, "An outcome is 1–40 lower-case letters, digits, _ or -, starting with a letter");

/** The outcomes the engine records on its own (an approval's dead-ended output). */
export const APPROVAL_OUTCOMES = { rejected: "rejected", timeout: "timed_out" } as const;
