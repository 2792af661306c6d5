// A real worker process for the agent crash test (run with tsx). The worker host of scripts/worker.ts
// (AgentRuntime scope, credential resolver), plus one test hook: AGENT_CRASH_AFTER_MODEL_CALLS=n
// SIGKILLs the process right after the n-th NEW model call of an agent step has been persisted.
// AGENT_LEASE_MS overrides the 1.5 s lease (a test whose worker must keep its lease through a long
// call on a loaded machine). Its ready line names the node process's pid, for tests that SIGKILL it from outside (tsx's own
// process cannot pass a SIGKILL on).
import { openDatabase } from "@/lib/db/connection";
import { createWorkerHost } from "@/lib/server/worker-host";

const NON_MODEL = /^(tool:|memory:|decision:)/;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is required");
  const crashAfter = Number(process.env.AGENT_CRASH_AFTER_MODEL_CALLS ?? "0");
  const db = openDatabase(url, { poolMax: 4 });
  let modelCalls = 0;
  const host = createWorkerHost({
    sql: db.sql,
    concurrency: 4,
    leaseMs: Number(process.env.AGENT_LEASE_MS ?? 1500),
    pollMs: 100,
    httpAllowList: ["127.0.0.1"],
    log: (level, msg, extra) => console.error(`[worker] ${level} ${msg} ${JSON.stringify(extra ?? {})}`),
    agents: {
      afterSubStep: ({ name }) => {
        if (NON_MODEL.test(name)) return;
        modelCalls++;
        process.stdout.write(`model call ${modelCalls} persisted\n`);
        if (crashAfter && modelCalls >= crashAfter) {
          process.stdout.write("crashing now\n");
          process.kill(process.pid, "SIGKILL");
        }
      },
    },
  });
  await host.start({ register: false });
  console.log(`[agent-worker] ${host.worker.id} ready (${db.dialect}) pid=${process.pid}`);
  const stop = () => {
    host
      .stop({ graceMs: 500 })
      .then(() => db.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
