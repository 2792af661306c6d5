// The body of an expression worker thread (see expression-isolation.ts): evaluates one expression at
// a time on this thread, with the time budget measured in this thread's CPU time.
import { parentPort } from "node:worker_threads";
import { evaluateExpressionInPlace } from "../model/expressions";
import { toExpressionError } from "../model/expression-error";
import { setExpressionCpuClock } from "../model/expression-timebox";
import type { ExpressionLimits } from "../model/expression-limits";
import type { ExpressionScope } from "../model/scope";
import { currentThreadId, ownThreadCpuClock } from "./thread-cpu";
import type { WorkerReply, WorkerRequest } from "./expression-protocol";

const port = parentPort;
if (!port) throw new Error("expression-worker must run in a worker thread");

setExpressionCpuClock(ownThreadCpuClock());

port.on("message", (req: WorkerRequest) => {
  evaluateExpressionInPlace(req.source, req.scope as ExpressionScope, req.limits as ExpressionLimits)
    .then((r): WorkerReply => ({ id: req.id, ok: true, value: r.value, usedMs: r.usedMs }))
    .catch((err: unknown): WorkerReply => {
      const e = toExpressionError(err);
      return { id: req.id, ok: false, error: { code: e.code, message: e.message, position: e.position, jsonataCode: e.jsonataCode } };
    })
    .then((reply) => port.postMessage(reply))
    .catch((err: unknown) => {
      // The reply could not be posted (e.g. not cloneable): report it as the expression's failure.
      port.postMessage({ id: req.id, ok: false, error: { code: "runtime", message: String(err) } } satisfies WorkerReply);
    });
});

port.postMessage({ ready: true, tid: currentThreadId() });
