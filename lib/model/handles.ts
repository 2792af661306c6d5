/** A connection point on a node. `id` is what edges store in `sourceHandle` / `targetHandle`. */
export interface HandleDef {
  id: string;
  label: string;
}

/** Optional output every kind except `start` has: taken when the node fails and an edge leaves it. */
export const errorHandle = "error";
export const inHandle = "in";
export const outHandle = "out";

export const IN_HANDLES: readonly HandleDef[] = [{ id: inHandle, label: "In" }];
export const OUT_HANDLES: readonly HandleDef[] = [{ id: outHandle, label: "Out" }];
export const ERROR_HANDLE_DEF: HandleDef = { id: errorHandle, label: "Error" };

/** Handle ids a user may not use for dynamic outputs (e.g. condition branches). */
export const RESERVED_HANDLE_IDS: readonly string[] = [errorHandle, inHandle, outHandle, "else"];

/** Loop and Map: the body starts at `body`; the body's last step connects back to `loop`. */
export const bodyHandle = "body";
export const doneHandle = "done";
export const loopBackHandle = "loop";
export const CONTAINER_INPUTS: readonly HandleDef[] = [
  { id: inHandle, label: "In" },
  { id: loopBackHandle, label: "Loop back" },
];
