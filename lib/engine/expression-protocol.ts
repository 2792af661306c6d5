// Messages between the expression pool (expression-isolation.ts) and its worker threads.
import type { ExpressionErrorCode } from "@/lib/model/expression-error";

export interface WorkerRequest {
  id: number;
  source: string;
  scope: unknown;
  limits: unknown;
}

export type WorkerReply =
  | { id: number; ok: true; value: unknown; usedMs: number }
  | { id: number; ok: false; error: { code: ExpressionErrorCode; message: string; position?: number; jsonataCode?: string } };

export interface WorkerHello {
  ready: true;
  /** The thread's id on Linux, so the pool can read its CPU time while it is stuck in one call. */
  tid: number | null;
}
