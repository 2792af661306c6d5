// The schedule tick looks for due schedules at most once per rescan interval, and at once after a
// schedule may have changed in this process. A run start is not such a change: in a burst of starts
// each start woke the worker, and each pass looked again for schedules.
import { afterAll, beforeAll, expect, it } from "vitest";
import { SqlEngineStore } from "@/lib/db/engine-store";
import type { SqlDb } from "@/lib/db/sql";
import { LocalNotifier } from "@/lib/engine/notifier";
import { ScheduleTicker } from "@/lib/triggers/schedule-tick";
import { createTestDb, describeEachDb, type TestDatabase } from "../helpers/test-db";

describeEachDb("schedule tick wake-ups", (dialect) => {
  let db: TestDatabase;
  let looks = 0;
  /** The database, counting the statements that read the Schedule table. */
  let counted: SqlDb;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    counted = new Proxy(db.sql, {
      get(target, prop, receiver) {
        if (prop === "all")
          return (sql: string, params?: unknown[]) => {
            if (sql.includes(`FROM "Schedule"`)) looks++;
            return target.all(sql, params as never);
          };
        const v: unknown = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  });
  afterAll(async () => db?.drop());

  function ticker() {
    const notifier = new LocalNotifier();
    const schedulesChanged = new LocalNotifier();
    const t = new ScheduleTicker({ sql: counted, store: new SqlEngineStore(db.sql), notifier, schedulesChanged, log: () => undefined });
    return { t, notifier, schedulesChanged };
  }

  it("does not look again after a run start's wake-up, within the rescan interval", async () => {
    const { t, notifier } = ticker();
    await t.tick();
    const first = looks;
    expect(first).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) {
      notifier.notify(); // what every run start and decision sends
      await t.tick();
    }
    expect(looks).toBe(first);
  });

  it("looks again at once after a schedule change in this process", async () => {
    const { t, schedulesChanged } = ticker();
    await t.tick();
    const first = looks;
    schedulesChanged.notify();
    await t.tick();
    expect(looks).toBeGreaterThan(first);
  });

  it("without a schedule-change notifier, any wake-up looks again (the standalone worker's wiring)", async () => {
    const notifier = new LocalNotifier();
    const t = new ScheduleTicker({ sql: counted, store: new SqlEngineStore(db.sql), notifier, log: () => undefined });
    await t.tick();
    const first = looks;
    notifier.notify();
    await t.tick();
    expect(looks).toBeGreaterThan(first);
  });
});
