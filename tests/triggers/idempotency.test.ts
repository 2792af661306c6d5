// Idempotency-Key on run starts: the key commits with the run, so a retry returns the first run
// even when the process that started it was killed before it could answer.
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { startRunOnce } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import { describeEachDb } from "@/tests/helpers/test-db";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { TSX, tsxArgs } from "@/tests/helpers/tsx";

const ROOT = path.resolve(__dirname, "../..");

function runChild(databaseUrl: string, args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  const child = spawn(TSX, tsxArgs(path.join(__dirname, "helpers/start-and-die.ts"), ...args), {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (b: Buffer) => (out += b.toString()));
  child.stderr.on("data", (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, out })));
}

describeEachDb("Idempotency-Key on run starts", (dialect) => {
  const { h } = useEngine(dialect, { startWorker: false });
  let versionId: string;
  const countRuns = async () =>
    Number((await h.db.sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Run" WHERE "versionId"=?`, [versionId]))[0].n);

  beforeAll(async () => {
    const doc = graph().start().end("end", "$.input").edge("start", "end").build();
    ({ versionId } = await publish(h.db.sql, doc));
  });

  const start = (key: string, input: Record<string, unknown>, scope = "runs:user:u1") =>
    startRunOnce(h.deps, { versionId, input, initiatorId: null, idempotency: { scope, key, request: { versionId, input } } });

  it("returns the first run for the same key and body, and starts nothing new", async () => {
    const before = await countRuns();
    const first = await start("k-same", { a: 1 });
    const again = await start("k-same", { a: 1 });
    expect(first.replayed).toBe(false);
    expect(again.replayed).toBe(true);
    expect(again.run).toEqual(first.run);
    expect(await countRuns()).toBe(before + 1);
  });

  it("refuses the same key with another body (422 idempotency_key_reused) and writes nothing", async () => {
    const first = await start("k-body", { a: 1 });
    const before = await countRuns();
    const err = await start("k-body", { a: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe("idempotency_key_reused");
    expect((err as DomainError).status).toBe(422);
    expect((err as DomainError).details).toEqual({ runId: first.run.id });
    expect(await countRuns()).toBe(before);
  });

  it("keeps keys apart by scope", async () => {
    const a = await start("k-scope", { a: 1 }, "runs:user:alice");
    const b = await start("k-scope", { a: 1 }, "runs:user:bob");
    expect(a.run.id).not.toBe(b.run.id);
  });

  it("starts exactly one run for 12 concurrent starts with one key", async () => {
    const before = await countRuns();
    const results = await Promise.all(Array.from({ length: 12 }, () => start("k-race", { race: true })));
    expect(new Set(results.map((r) => r.run.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await countRuns()).toBe(before + 1);
  });

  it("forgets a key after 24 hours: an expired key starts a new run", async () => {
    const first = await start("k-old", { a: 1 });
    await h.db.sql.run(`UPDATE "IdempotencyKey" SET "expiresAtMs"=1 WHERE "key"='k-old'`);
    const again = await start("k-old", { a: 2 });
    expect(again.replayed).toBe(false);
    expect(again.run.id).not.toBe(first.run.id);
  });

  it(
    "returns the first run to a retry after the starting process was SIGKILLed between commit and answer",
    { timeout: 60_000 },
    async () => {
      const before = await countRuns();
      const input = { crash: 1 };
      const child = await runChild(h.db.url, [versionId, "runs:user:u1", "k-crash", JSON.stringify(input)]);
      expect(child.signal === "SIGKILL" || child.code === 137, child.out).toBe(true);
      const committed = /committed (\S+)/.exec(child.out)?.[1];
      expect(committed, child.out).toBeTruthy();
      expect(await countRuns()).toBe(before + 1);
      // The client never got an answer and retries with the same key and body.
      const retry = await start("k-crash", input);
      expect(retry.replayed).toBe(true);
      expect(retry.run.id).toBe(committed);
      expect(await countRuns()).toBe(before + 1);
    },
  );
});
