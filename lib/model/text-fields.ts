// Zod helpers for human-entered text at every boundary. Names (workflows, users, credentials,
// providers) are normalised to NFC and refuse control characters, line/paragraph separators,
// bidirectional overrides (which make a name display as something else) and lone surrogates.
// Free text (comments, descriptions, messages) keeps tabs and newlines but refuses the rest of the
// C0/C1 controls and lone surrogates. Both refuse before anything is stored, so the answer is a 400.
import { z } from "zod";

// C0/C1 controls and DEL, line/paragraph separators, bidi embeddings/overrides/isolates.
const NAME_FORBIDDEN = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
// The same minus tab, line feed and carriage return.
const FREE_TEXT_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Surrogate}/u;

const wellFormed = (s: string) => !LONE_SURROGATE.test(s);

export interface NameTextOptions {
  /** Longest name after trimming and normalisation (in UTF-16 code units, like zod's max). */
  max: number;
  /** Message when the name is empty after trimming (omit to allow empty names). */
  required?: string;
  /** Message when it is longer than `max`. */
  tooLong?: string;
}

/** A name: trimmed, NFC-normalised, at most `max` long, no control characters or lone surrogates. */
export function nameText(opts: NameTextOptions) {
  const base = z
    .string()
    .refine(wellFormed, "Must be valid Unicode text (it has a lone surrogate)")
    .refine((s) => !NAME_FORBIDDEN.test(s), "Must not contain control characters, line breaks or direction overrides")
    .trim()
    .normalize("NFC");
  const sized = opts.required === undefined ? base : base.min(1, opts.required);
  return sized.max(opts.max, opts.tooLong);
}

/** Free text (comments, descriptions): tabs and newlines allowed, other control characters and lone surrogates refused. */
export function freeText(max: number, tooLong?: string, opts: { trim?: boolean } = {}) {
  const base = z
    .string()
    .refine(wellFormed, "Must be valid Unicode text (it has a lone surrogate)")
    .refine((s) => !FREE_TEXT_FORBIDDEN.test(s), "Must not contain control characters");
  return (opts.trim ? base.trim() : base).normalize("NFC").max(max, tooLong);
}
