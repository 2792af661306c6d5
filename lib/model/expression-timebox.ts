import type jsonata from "jsonata";
import { ExpressionError } from "./expression-error";
import type { ExpressionLimits } from "./expression-limits";

/**
 * Reads the CPU time (ms) consumed by the thread that evaluates. Installed by the expression worker
 * thread (lib/engine/expression-worker.ts); without one the budget is measured in wall-clock time,
 * which also counts time in which the process was paused, swapping or busy elsewhere.
 */
export type CpuClock = () => number;

let cpuClock: CpuClock | null = null;

export function setExpressionCpuClock(clock: CpuClock | null): void {
  cpuClock = clock;
}

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
 *
 * Time: `timeoutMs` is a budget of the expression's own work. Every step compares the cheap wall
 * clock with a deadline; only when the deadline passes is the CPU clock read (if installed): if the
 * thread has used less CPU than the budget (the process was paused or starved), the deadline moves
 * on by what is left instead of failing.
 */
export class Timebox {
  private depth = 0;
  private readonly startedAt = Date.now();
  private readonly cpuAtStart: number | null;
  private deadline: number;
  private failure: ExpressionError | null = null;

  /** `timeoutMs` defaults to the limits' own; an inline slice passes a shorter one (no copy of the limits per evaluation). */
  constructor(
    private readonly limits: Pick<ExpressionLimits, "timeoutMs" | "maxDepth">,
    private readonly timeoutMs = limits.timeoutMs,
  ) {
    this.cpuAtStart = cpuClock ? cpuClock() : null;
    this.deadline = this.startedAt + timeoutMs;
  }

  /** Work done so far in ms: CPU time of this thread when a CPU clock is installed, else wall-clock time. */
  usedMs(): number {
    const wall = Date.now() - this.startedAt;
    if (this.cpuAtStart === null || !cpuClock) return wall;
    return Math.min(wall, cpuClock() - this.cpuAtStart);
  }

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
    if (Date.now() > this.deadline) this.checkTime();
  }

  private checkTime(): void {
    const used = this.usedMs();
    if (used > this.timeoutMs) {
      this.fail("timeout", `Expression used more than its ${this.timeoutMs} ms time budget: check for an infinite loop`);
    }
    this.deadline = Date.now() + Math.max(1, this.timeoutMs - used);
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
