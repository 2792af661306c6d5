import { randomBytes } from "node:crypto";
import { CALLBACK_TOKEN_PATTERN, callbackPath, callbackWaitKey } from "@/lib/model/wait-keys";
import type { Executor } from "./types";
import { resumeWait } from "./wait-event";

/**
 * Wait for callback: parks with a deadline and a fresh callback token, a 256-bit random capability
 * stored in the step's input (so the run page and the runs API show `callbackPath`) and indexed through
 * Step.waitKey. The token is drawn when the step parks: if a crash loses the park before it commits,
 * the recomputed park draws another one that nobody has seen yet. A POST to the URL writes the body
 * into the waiting row (once: a second POST finds the row already delivered) and signals the run; a
 * heartbeat moves wakeAtMs. `resume` checks the body against the schema again, so a body accepted
 * before a schema change cannot slip through.
 */
export const waitCallbackExecutor: Executor<"wait_callback"> = {
  kind: "wait_callback",
  effect: false,
  start: async (node, ctx) => {
    const wakeAtMs = node.config.timeoutMs ? ctx.now + node.config.timeoutMs : null;
    const token = randomBytes(32).toString("base64url");
    if (!CALLBACK_TOKEN_PATTERN.test(token)) throw new Error("callback token has an unexpected shape");
    return {
      type: "wait",
      wakeAtMs,
      reason: "callback",
      input: {
        waitKey: callbackWaitKey(token),
        callbackPath: callbackPath(token),
        timeoutMs: node.config.timeoutMs ?? null,
        timeoutAt: wakeAtMs === null ? null : new Date(wakeAtMs).toISOString(),
      },
    };
  },
  resume: (node, ctx) => resumeWait(ctx.step, ctx.now, node.config.bodySchema, "callback_body_invalid"),
};
