// Spawns real `scripts/worker.ts` processes for crash and multi-worker tests.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { TSX, tsxArgs } from "@/tests/helpers/tsx";

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit signal/code. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  ready: Promise<void>;
  stop(): Promise<void>;
}

const SCRIPT = path.resolve(__dirname, "../../../scripts/worker.ts");

export function spawnWorker(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn(TSX, tsxArgs(SCRIPT), {
    cwd: path.resolve(__dirname, "../../.."),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      SWITCHYARD_HTTP_ALLOWLIST: "127.0.0.1",
      SWITCHYARD_LEASE_MS: "1500",
      SWITCHYARD_POLL_MS: "100",
      SWITCHYARD_WORKER_CONCURRENCY: "8",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const collect = (b: Buffer) => {
    out += b.toString();
    if (out.includes(" ready (")) onReady();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      onReady();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    output: () => out,
    exited,
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
