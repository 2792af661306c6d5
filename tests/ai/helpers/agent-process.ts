// Spawns tests/ai/helpers/agent-worker-process.ts as a real child process.
import { spawn } from "node:child_process";
import path from "node:path";
import { TEST_SECRET_KEY } from "./secret-key";
import { TSX, tsxArgs } from "@/tests/helpers/tsx";

const ROOT = path.resolve(__dirname, "../../..");
const SCRIPT = path.join(__dirname, "agent-worker-process.ts");

export interface AgentWorkerProcess {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
  /** SIGKILLs the worker's node process (not tsx's wrapper) once it is ready; resolves when it has exited. */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

export function spawnAgentWorker(databaseUrl: string, env: Record<string, string> = {}): AgentWorkerProcess {
  const child = spawn(TSX, tsxArgs(SCRIPT), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, SWITCHYARD_SECRET_KEY: TEST_SECRET_KEY, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    exited,
    output: () => out,
    async kill() {
      const pid = /\bpid=(\d+)/.exec(out)?.[1];
      if (!pid) throw new Error(`the worker has not said its pid yet:\n${out}`);
      process.kill(Number(pid), "SIGKILL");
      return exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
