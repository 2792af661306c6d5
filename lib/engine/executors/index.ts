// One executor per node kind: a kind without an entry here is a compile error.
import type { NodeKind } from "@/lib/model/node-kind";
import { approvalExecutor } from "./approval";
import { conditionExecutor } from "./condition";
import { delayExecutor } from "./delay";
import { endExecutor } from "./end";
import { httpExecutor } from "./http";
import { agentExecutor } from "./agent";
import { joinExecutor } from "./join";
import { startExecutor } from "./start";
import { transformExecutor } from "./transform";
import type { Executor } from "./types";
import { waitUntilExecutor } from "./wait-until";
import { loopExecutor } from "./loop";
import { mapExecutor } from "./map";
import { subworkflowExecutor } from "./subworkflow";
import { compensateExecutor } from "./compensate";
import { waitEventExecutor } from "./wait-event";
import { waitCallbackExecutor } from "./wait-callback";

export const executors = {
  start: startExecutor,
  end: endExecutor,
  condition: conditionExecutor,
  transform: transformExecutor,
  join: joinExecutor,
  delay: delayExecutor,
  wait_until: waitUntilExecutor,
  approval: approvalExecutor,
  http: httpExecutor,
  agent: agentExecutor,
  loop: loopExecutor,
  map: mapExecutor,
  subworkflow: subworkflowExecutor,
  compensate: compensateExecutor,
  wait_event: waitEventExecutor,
  wait_callback: waitCallbackExecutor,
} satisfies { [K in NodeKind]: Executor<K> };

/** Loosely typed access for a kind known only at run time. */
export function executorFor(kind: NodeKind): Executor {
  return executors[kind] as unknown as Executor;
}

export type { Executor, NodeOutcome, ResumeOutcome, StartContext, TaskSpec } from "./types";
