// Integer ids and cursors in URLs address int4 columns on PostgreSQL (autoincrement ids, version
// numbers): a larger value would be a database error there, not "no such row". Route schemas use
// these instead of a bare z.coerce.number().
import { z } from "zod";

export const INT4_MAX = 2_147_483_647;

/** A row id in a path parameter: 1 … INT4_MAX, else a 400. */
export const rowIdParam = () => z.coerce.number().int().min(1).max(INT4_MAX);

/** A "before this id" cursor: any positive integer; past the largest possible id reads as "from the newest". */
export const beforeIdCursor = () =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .transform((v) => Math.min(v, INT4_MAX));
