// Container kinds (lib/model CONTAINER_KIND_LIST: Loop and Map) run their body in frames of the same
// run. The interpreter knows containers only through this table: one driver per kind decides which
// frames are open, runs them, and finishes the container step from their results.
import type { WorkflowNode, WorkflowNodeOf } from "@/lib/model/graph-schema";
import { isContainerKind, type ContainerKind } from "@/lib/model/node-kind";
import { evaluateExpression } from "@/lib/model/expressions";
import type { JsonValue } from "@/lib/model/json-value";
import type { ExpressionScope } from "@/lib/model/scope";
import type { Region } from "./compiled-graph";
import type { Cycle } from "./cycle";
import { NonRetriableError } from "./errors";
import { ENGINE_EXPRESSION_LIMITS } from "./executors/expression-limits";
import type { Frame, RunFrame } from "./frames";
import type { StepRecord } from "./ports";
import type { RunState } from "./run-state";
import { isOpenStep } from "./step-status";
import { loopPassPrefix, mapItemPrefix } from "./step-keys";

/** What one container step's visit works with. */
interface ContainerCall<K extends ContainerKind> {
  st: RunState;
  frame: Frame;
  node: WorkflowNodeOf<K>;
  step: StepRecord;
  region: Region;
  cycle: Cycle;
  runFrame: RunFrame;
}

type ContainerDriver<K extends ContainerKind> = (call: ContainerCall<K>) => Promise<void>;

const drivers: { [K in ContainerKind]: ContainerDriver<K> } = { loop: advanceLoop, map: advanceMap };

export function isContainerNode(node: WorkflowNode): node is WorkflowNodeOf<ContainerKind> {
  return isContainerKind(node.kind);
}

/** Advance a waiting container step: run its open frames and finish it when they are done (or one failed). */
export async function advanceContainer(
  st: RunState,
  frame: Frame,
  node: WorkflowNodeOf<ContainerKind>,
  step: StepRecord,
  cycle: Cycle,
  runFrame: RunFrame,
): Promise<void> {
  const region = st.g.regions.get(node.id);
  if (!region || region.nodes.length === 0) {
    st.fail(node, step, new NonRetriableError(`"${node.name}" has an empty body`, "empty_body"), cycle.now);
    return;
  }
  const driver = drivers[node.kind] as ContainerDriver<ContainerKind>;
  await driver({ st, frame, node, step, region, cycle, runFrame });
}

/** A body frame: the parent's scope plus the frame's own finished steps and loop/map variables. */
function childFrame(st: RunState, parent: Frame, region: Region, prefix: string, entry: unknown, vars: Partial<ExpressionScope>): Frame {
  const existing = st.frames.get(prefix);
  if (existing) return existing;
  const scope: ExpressionScope = { ...parent.scope, ...vars, steps: { ...parent.scope.steps } };
  const f: Frame = { prefix, region, scope, entry };
  st.frames.set(prefix, f);
  for (const id of region.nodes) {
    const s = st.steps.get(prefix + id);
    if (s && (!isOpenStep(s) || s.status === "waiting")) st.noteStep(s);
  }
  return f;
}

/** JSONata truthiness: empty arrays/strings, 0, false and null are false. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(truthy);
  return Boolean(v);
}

/** Map: one frame per item, at most `concurrency` open at once; results in item order. */
async function advanceMap({ st, frame, node, step, region, cycle, runFrame }: ContainerCall<"map">): Promise<void> {
  const items = ((step.input as { items?: unknown } | null)?.items ?? []) as unknown[];
  const limit = node.config.concurrency;
  const first = region.nodes[0];
  const results: unknown[] = new Array<unknown>(items.length);
  let active = 0;
  let complete = true;
  for (let i = 0; i < items.length; i++) {
    const prefix = mapItemPrefix(step.stepKey, i);
    if (!st.steps.has(prefix + first) && !st.doneFrames.has(prefix) && active >= limit) {
      complete = false;
      break;
    }
    const child = childFrame(st, frame, region, prefix, items[i], { item: items[i] as JsonValue, index: i });
    const r = await runFrame(st, child, cycle);
    if (r.status === "open") {
      active++;
      complete = false;
    } else if (r.status === "done") results[i] = r.output;
    else {
      st.cancelOpen(prefix, cycle.now, "map item failed");
      if (node.config.onItemError === "fail") {
        st.cancelOpen(`${step.stepKey}[`, cycle.now, "map failed");
        const err = new NonRetriableError(`Item ${i} failed: ${r.error.message}`, "map_item_failed");
        st.fail(node, st.steps.get(step.stepKey)!, err, cycle.now);
        return;
      }
      results[i] = { error: { message: r.error.message, code: r.error.code, stepKey: r.error.stepKey } };
      st.doneFrames.set(prefix, results[i]);
    }
  }
  if (complete) st.succeed(node, st.steps.get(step.stepKey)!, results, "done", cycle.now);
}

/** Loop: passes one after another while the condition holds (checked before each pass), at most `maxIterations`. */
async function advanceLoop({ st, frame, node, step, region, cycle, runFrame }: ContainerCall<"loop">): Promise<void> {
  const first = region.nodes[0];
  let last: unknown = null;
  for (let i = 0; ; i++) {
    const prefix = loopPassPrefix(step.stepKey, i);
    const loopVars = { iteration: i, last } as JsonValue;
    if (!st.steps.has(prefix + first) && !st.doneFrames.has(prefix)) {
      let go: boolean;
      try {
        go = truthy(await evaluateExpression(node.config.condition, { ...frame.scope, loop: loopVars }, ENGINE_EXPRESSION_LIMITS));
      } catch (e) {
        st.fail(node, step, e, cycle.now);
        return;
      }
      if (!go || i >= node.config.maxIterations) {
        const maxReached = go;
        if (maxReached) st.event("loop.max_reached", step.stepKey, { iterations: i });
        st.succeed(node, step, { iterations: i, last, maxReached }, "done", cycle.now);
        return;
      }
    }
    const child = childFrame(st, frame, region, prefix, last, { loop: loopVars });
    const r = await runFrame(st, child, cycle);
    if (r.status === "open") return;
    if (r.status === "failed") {
      st.cancelOpen(prefix, cycle.now, "loop iteration failed");
      const err = new NonRetriableError(`Iteration ${i} failed: ${r.error.message}`, "loop_iteration_failed");
      st.fail(node, st.steps.get(step.stepKey)!, err, cycle.now);
      return;
    }
    last = r.output;
  }
}
