// How tests start a TypeScript child process: tsx under the react-server condition, the condition
// `npm run worker` uses too, so the `server-only` marker on server modules resolves to its empty module.
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

export const TSX = path.join(ROOT, "node_modules/.bin/tsx");

/** Arguments for `spawn(TSX, tsxArgs(script, ...args))`. */
export function tsxArgs(script: string, ...args: string[]): string[] {
  return ["--conditions=react-server", script, ...args];
}
