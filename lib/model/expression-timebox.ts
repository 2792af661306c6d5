import type jsonata from "jsonata";
import { ExpressionError } from "./expression-error";
import type { ExpressionLimits } from "./expression-limits";

/**
 * Runaway protection using the "timebox" technique from JSONata's own test suite: JSONata calls the
 * functions bound to `Symbol.for("jsonata.__evaluate_entry" | "jsonata.__evaluate_exit")` around
 * every AST node it evaluates. We check elapsed time on every call and count depth.
 *
 * Unlike the test suite we do not count every node (JSONata evaluates array items and group-by
 * values concurrently, and its `isParallelCall` flag is shared and drifts, which gives false
 * "too deep" errors on e.g. `$map(big, function($v){[$v]})`). Instead we count active user-function
 * bodies: JSONata only recurses through lambdas, so this bounds recursion precisely. Lambda bodies
 * are learned when the `lambda` node itself is evaluated (no separate AST walk needed).
 */
export class Timebox {
  private depth = 0;
  private readonly startedAt = Date.now();
  private failure: ExpressionError | null = null;

  constructor(private readonly limits: Pick<ExpressionLimits, "timeoutMs" | "maxDepth">) {}

  enterFunction(): void {
    this.depth++;
    this.check();
  }

  exitFunction(): void {
    this.depth--;
    this.check();
  }

  check(): void {
    if (this.failure) throw this.failure;
    if (this.depth > this.limits.maxDepth) {
      this.fail(
        "depth",
        `Expression recursion is deeper than ${this.limits.maxDepth} function calls: check for a non-terminating recursive function`,
      );
    }
    if (Date.now() - this.startedAt > this.limits.timeoutMs) {
      this.fail("timeout", `Expression took longer than ${this.limits.timeoutMs} ms: check for an infinite loop`);
    }
  }

  /**
   * Call when the evaluation rejected: returns the timeout/depth error if one was raised (JSONata's
   * `$eval` wraps errors), and makes any branch still running in the background stop at its next step.
   */
  abort(): ExpressionError | null {
    const tripped = this.failure;
    this.failure ??= new ExpressionError("runtime", "Expression evaluation was aborted");
    return tripped;
  }

  private fail(code: "depth" | "timeout", message: string): never {
    this.failure = new ExpressionError(code, message);
    throw this.failure;
  }
}

export interface TimeboxSlot {
  current: Timebox | null;
}

interface AstNodeLike {
  type?: string;
  body?: unknown;
}

const ENTRY = Symbol.for("jsonata.__evaluate_entry");
const EXIT = Symbol.for("jsonata.__evaluate_exit");

/** Install the hooks on a compiled expression; the caller puts the active Timebox in the returned slot. */
export function installTimebox(expr: jsonata.Expression): TimeboxSlot {
  const slot: TimeboxSlot = { current: null };
  const lambdaBodies = new WeakSet<object>();
  const active = (): Timebox => {
    if (!slot.current) throw new ExpressionError("runtime", "Expression evaluated outside evaluateExpression()");
    return slot.current;
  };
  // JSONata's typings only admit string names; symbols are what the hooks are looked up by.
  expr.assign(ENTRY as unknown as string, (node: AstNodeLike) => {
    const box = active();
    if (node.type === "lambda" && typeof node.body === "object" && node.body !== null) lambdaBodies.add(node.body);
    if (lambdaBodies.has(node)) box.enterFunction();
    else box.check();
  });
  expr.assign(EXIT as unknown as string, (node: AstNodeLike) => {
    const box = active();
    if (lambdaBodies.has(node)) box.exitFunction();
    else box.check();
  });
  return slot;
}
