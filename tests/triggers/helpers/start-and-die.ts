// A real process that starts one run with an Idempotency-Key and is SIGKILLed right after the start
// committed, before it can answer: the "response lost after commit" case of a crashed server.
// Usage: DATABASE_URL=... tsx start-and-die.ts <versionId> <scope> <key> <inputJson>
import { openDatabase } from "@/lib/db/connection";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { startRunOnce } from "@/lib/engine/run-service";

async function main(): Promise<void> {
  const [versionId, scope, key, inputJson] = process.argv.slice(2);
  const db = openDatabase(process.env.DATABASE_URL!);
  const store = new SqlEngineStore(db.sql);
  const input = JSON.parse(inputJson) as Record<string, unknown>;
  const { run } = await startRunOnce(
    { store },
    { versionId, input, initiatorId: null, idempotency: { scope, key, request: { versionId, input } } },
  );
  // Committed. Log where the answer would have gone, then die before answering.
  process.stderr.write(`committed ${run.id}\n`);
  process.kill(process.pid, "SIGKILL");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
