// SWITCHYARD_PG_LISTEN=off, for PostgreSQL behind a transaction-mode pooler (PgBouncer), where LISTEN
// cannot work: the store opens no LISTEN session, and the hosted worker polls often enough that a run
// started by another process is still picked up at once (docs/postgresql.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, describePostgres, type TestDatabase } from "@/tests/helpers/test-db";
import { openDatabase, type Database } from "@/lib/db/connection";
import { SqlEngineStore } from "@/lib/db/engine-store";
import { createWorkerHost, NO_LISTEN_POLL_MS, workerHostSettings, type WorkerHost } from "@/lib/server/worker-host";
import { parseEnv } from "@/lib/env";
import { startRun } from "@/lib/engine/run-service";
import { graph, publish } from "./helpers/graph";

const PG_URL = "postgresql://u@db.example:5432/app";

describe("SWITCHYARD_PG_LISTEN", () => {
  it("on (the default): LISTEN, and the configured poll", () => {
    const s = workerHostSettings(parseEnv({ DATABASE_URL: PG_URL, SWITCHYARD_POLL_MS: "60000" }));
    expect(s.pgListen).toBe(true);
    expect(s.pollMs).toBe(60_000);
  });

  it("off on PostgreSQL: no LISTEN, and the worker polls every 100 ms (or the configured poll when shorter)", () => {
    const off = workerHostSettings(parseEnv({ DATABASE_URL: PG_URL, SWITCHYARD_POLL_MS: "60000", SWITCHYARD_PG_LISTEN: "off" }));
    expect(off.pgListen).toBe(false);
    expect(off.pollMs).toBe(NO_LISTEN_POLL_MS);
    const shorter = workerHostSettings(parseEnv({ DATABASE_URL: PG_URL, SWITCHYARD_POLL_MS: "40", SWITCHYARD_PG_LISTEN: "off" }));
    expect(shorter.pollMs).toBe(40);
  });

  it("off on SQLite changes nothing (there is no LISTEN there)", () => {
    const s = workerHostSettings(parseEnv({ DATABASE_URL: "file:./x.db", SWITCHYARD_POLL_MS: "60000", SWITCHYARD_PG_LISTEN: "off" }));
    expect(s.pollMs).toBe(60_000);
  });

  it("refuses a value that is not on or off", () => {
    expect(() => parseEnv({ SWITCHYARD_PG_LISTEN: "no" })).toThrow(/SWITCHYARD_PG_LISTEN/);
  });
});

// PostgreSQL only (LISTEN is a PostgreSQL feature).
describePostgres("a worker without LISTEN", () => {
  let db: TestDatabase;
  let host: WorkerHost;
  let other: Database;

  beforeAll(async () => {
    db = await createTestDb("postgresql");
    // what `npm run worker` gets from SWITCHYARD_PG_LISTEN=off, with a configured poll of a minute:
    // only the short poll of the fallback can explain a pick-up within seconds
    const settings = workerHostSettings(parseEnv({ DATABASE_URL: db.url, SWITCHYARD_POLL_MS: "60000", SWITCHYARD_PG_LISTEN: "off" }));
    host = createWorkerHost({
      sql: db.sql,
      pollMs: settings.pollMs,
      pgListen: settings.pgListen,
      concurrency: 4,
      leaseMs: 5000,
      log: () => undefined,
      inbox: false,
      agents: false,
      resolveCredential: null,
    });
    await host.start({ register: false });
    // another process: its own pool and store, no notifier shared with the worker
    other = openDatabase(db.url, { poolMax: 2 });
  }, 60_000);

  afterAll(async () => {
    await host?.stop({ graceMs: 1000 });
    await other?.close();
    await db?.drop();
  });

  it("opens no LISTEN session", async () => {
    const rows = await db.sql.all<{ n: number }>(
      `SELECT count(*) AS "n" FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it("runs what another process starts, found by polling", async () => {
    const { versionId } = await publish(
      db.sql,
      graph()
        .start()
        .node({ id: "t", kind: "transform", config: { expression: "1" } })
        .end("end")
        .chain("start", "t", "end")
        .build(),
    );
    const store = new SqlEngineStore(other.sql);
    for (let i = 0; i < 3; i++) {
      const run = await startRun({ store }, { versionId, input: {}, initiatorId: null });
      const deadline = Date.now() + 5000;
      let status = "";
      while (Date.now() < deadline) {
        status = (await store.getRun(run.id))?.status ?? "";
        if (status === "succeeded") break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(status, `run ${i} started by another process`).toBe("succeeded");
    }
  });
});
