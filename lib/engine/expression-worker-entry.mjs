// Entry of an expression worker thread: loads the TypeScript body through tsx (the engine runs from
// sources under tsx, vitest and next alike; a worker thread does not inherit their transpilers).
import { register as registerCjs } from "tsx/cjs/api";
import { register } from "tsx/esm/api";

registerCjs();
register();
await import("./expression-worker.ts");
