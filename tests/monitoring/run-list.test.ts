// The runs list query against a reference implementation in plain JS, on both databases: every
// filter, search by id prefix and by input value, sorting, pagination, capped counts, and the
// "has open tasks" plans (few and many matches).
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDb, describeEachDb, type TestDatabase } from "@/tests/helpers/test-db";
import { seedMonitoringData, type SeedResult } from "./helpers/bulk-seed";
import { countRuns, LIST_COUNT_CAP, listRunPage, matchRunIds } from "@/lib/db/run-list-read";
import { parseRunListParams, runListSortSchema, TIME_RANGES, type RunListFilter } from "@/lib/monitoring/run-list-filter";

interface RefRun {
  id: string;
  workflowId: string;
  versionId: string;
  status: string;
  initiatorId: string | null;
  input: string;
  startedAtMs: number;
  finishedAtMs: number | null;
  costUsd: number;
  open: boolean;
}

describeEachDb("runs list query", (dialect) => {
  let db: TestDatabase;
  let seed: SeedResult;
  let all: RefRun[];
  const sort = runListSortSchema.parse({});

  beforeAll(async () => {
    db = await createTestDb(dialect);
    seed = await seedMonitoringData(db.sql, {
      runs: 260,
      stepsPerRun: 4,
      workflows: 3,
      versionsPerWorkflow: 2,
      users: 4,
      spanMs: 10 * 86_400_000,
    });
    const open = new Set((await db.sql.all<{ runId: string }>(`SELECT "runId" FROM "Task" WHERE "status"='open'`)).map((r) => r.runId));
    all = (
      await db.sql.all<RefRun>(
        `SELECT "id","workflowId","versionId","status","initiatorId","input","startedAtMs","finishedAtMs","costUsd" FROM "Run"`,
      )
    ).map((r) => ({
      ...r,
      startedAtMs: Number(r.startedAtMs),
      finishedAtMs: r.finishedAtMs === null ? null : Number(r.finishedAtMs),
      costUsd: Number(r.costUsd),
      open: open.has(r.id),
    }));
  });
  afterAll(async () => db?.drop());

  const newestFirst = (rs: RefRun[]) => [...rs].sort((a, b) => b.startedAtMs - a.startedAtMs || (a.id < b.id ? 1 : -1));

  async function ids(f: RunListFilter, pageSize = 100): Promise<string[]> {
    const out: string[] = [];
    let after: string | undefined;
    for (;;) {
      const p = await listRunPage(db.sql, f, { ...sort, pageSize, after }, seed.nowMs);
      out.push(...p.rows.map((r) => r.id));
      if (!p.nextCursor) break;
      after = p.nextCursor;
    }
    return out;
  }

  const cases: [string, () => RunListFilter, (r: RefRun) => boolean][] = [
    ["no filter", () => ({}), () => true],
    ["status", () => ({ status: "failed" }), (r) => r.status === "failed"],
    ["workflow", () => ({ workflowId: seed.workflowIds[1] }), (r) => r.workflowId === seed.workflowIds[1]],
    ["version", () => ({ versionId: seed.versionIds[2] }), (r) => r.versionId === seed.versionIds[2]],
    ["initiator", () => ({ initiatorId: seed.userIds[3] }), (r) => r.initiatorId === seed.userIds[3]],
    ["relative range", () => ({ range: "24h" }), (r) => r.startedAtMs >= seed.nowMs - TIME_RANGES["24h"]],
    [
      "absolute range",
      () => ({ from: seed.nowMs - 5 * 86_400_000, to: seed.nowMs - 2 * 86_400_000 }),
      (r) => r.startedAtMs >= seed.nowMs - 5 * 86_400_000 && r.startedAtMs <= seed.nowMs - 2 * 86_400_000,
    ],
    ["has open tasks", () => ({ hasOpenTasks: true }), (r) => r.open],
    ["has no open tasks", () => ({ hasOpenTasks: false }), (r) => !r.open],
    [
      "combined",
      () => ({ status: "waiting", workflowId: seed.workflowIds[0], hasOpenTasks: true }),
      (r) => r.status === "waiting" && r.workflowId === seed.workflowIds[0] && r.open,
    ],
    ["input value", () => ({ q: "REF-13" }), (r) => r.input.includes("REF-13")],
    ["input value with LIKE wildcards is literal", () => ({ q: "C1%" }), (r) => r.input.includes("C1%")],
  ];

  for (const [name, filter, pred] of cases) {
    it(`filters: ${name}`, async () => {
      const expected = newestFirst(all.filter(pred)).map((r) => r.id);
      expect(await ids(filter())).toEqual(expected);
      expect(await countRuns(db.sql, filter(), { nowMs: seed.nowMs })).toEqual({ count: expected.length, exact: true });
    });
  }

  it("searches by run id prefix (and by a full id)", async () => {
    const target = all[77];
    const prefix = target.id.slice(0, 7);
    const expected = newestFirst(all.filter((r) => r.id.startsWith(prefix))).map((r) => r.id);
    expect(await ids({ q: prefix })).toEqual(expected);
    expect(await ids({ q: target.id.toUpperCase() })).toEqual([target.id]);
  });

  it("pages by keyset without gaps or repeats, forwards and back, in every order", async () => {
    const p1 = await listRunPage(db.sql, {}, { ...sort, pageSize: 25 }, seed.nowMs);
    expect(p1).toMatchObject({ total: 260, totalIsExact: true, prevCursor: null });
    expect(p1.rows).toHaveLength(25);
    expect(await ids({}, 25)).toEqual(newestFirst(all).map((r) => r.id));
    const dur = (r: RefRun) => (r.finishedAtMs ?? seed.nowMs) - r.startedAtMs;
    for (const s of [
      { ...sort, sort: "duration" as const, dir: "desc" as const },
      { ...sort, sort: "duration" as const, dir: "asc" as const },
      { ...sort, sort: "cost" as const, dir: "asc" as const },
      { ...sort, dir: "asc" as const },
    ]) {
      // walk to the end, then back to the start: the same rows, each once, in the list's order
      const pages: string[][] = [];
      let p = await listRunPage(db.sql, {}, { ...s, pageSize: 25 }, seed.nowMs);
      pages.push(p.rows.map((r) => r.id));
      while (p.nextCursor) {
        p = await listRunPage(db.sql, {}, { ...s, pageSize: 25, after: p.nextCursor }, seed.nowMs);
        pages.push(p.rows.map((r) => r.id));
      }
      const forwards = pages.flat();
      expect(new Set(forwards).size).toBe(260);
      expect(forwards).toHaveLength(260);
      const back: string[][] = [pages[pages.length - 1]];
      while (p.prevCursor) {
        p = await listRunPage(db.sql, {}, { ...s, pageSize: 25, before: p.prevCursor }, seed.nowMs);
        back.unshift(p.rows.map((r) => r.id));
      }
      expect(back).toEqual(pages);
      if (s.sort === "duration") {
        const byId = new Map(all.map((r) => [r.id, dur(r)]));
        const ds = forwards.map((id) => byId.get(id)!);
        expect(ds).toEqual([...ds].sort((a, b) => (s.dir === "desc" ? b - a : a - b)));
      }
    }
  });

  it("caps the list's count at 1,000 and says so", async () => {
    const p = await listRunPage(db.sql, {}, { ...sort, pageSize: 25 }, seed.nowMs);
    expect(p.totalIsExact).toBe(true);
    expect(LIST_COUNT_CAP).toBe(1000);
  });

  it("sorts by duration and cost in both directions", async () => {
    const dur = (r: RefRun) => (r.finishedAtMs ?? seed.nowMs) - r.startedAtMs;
    const page = await listRunPage(db.sql, {}, { ...sort, sort: "duration", dir: "desc", pageSize: 100 }, seed.nowMs);
    const durations = page.rows.map((r) => r.durationMs!);
    expect(durations).toEqual([...durations].sort((a, b) => b - a));
    expect(durations[0]).toBe(Math.max(...all.map(dur)));
    const cheap = await listRunPage(db.sql, {}, { ...sort, sort: "cost", dir: "asc", pageSize: 25 }, seed.nowMs);
    expect(cheap.rows[0].costUsd).toBe(Math.min(...all.map((r) => r.costUsd)));
  });

  it("ignores a cursor that is not one, with a message", () => {
    const p = parseRunListParams({ after: "not a cursor!" });
    expect(p.sort.after).toBeUndefined();
    expect(p.problems[0]).toMatch(/page link/);
  });

  it("labels rows with workflow, version, initiator and the open task", async () => {
    const page = await listRunPage(db.sql, { status: "waiting" }, { ...sort, pageSize: 25 }, seed.nowMs);
    const row = page.rows[0];
    expect(row.workflowName).toMatch(/^Workflow \d$/);
    expect(row.version).toBeGreaterThanOrEqual(1);
    expect(row.initiatorName).toMatch(/^User \d$/);
    expect(row.waitingOn).toBe("task");
    expect(row.openTask?.title).toMatch(/^Approve C\d+$/);
    expect(row.openTasks).toBe(1);
  });

  it("caps the count of a broad filter and says so", async () => {
    expect(await countRuns(db.sql, {}, { cap: 100 })).toEqual({ count: 100, exact: false });
    expect(await countRuns(db.sql, { hasOpenTasks: true }, { cap: 5 })).toEqual({ count: 5, exact: false });
  });

  it("matches ids for bulk actions: only the given statuses, within the filter", async () => {
    const got = await matchRunIds(db.sql, { workflowId: seed.workflowIds[2] }, ["waiting", "running"], 1000, seed.nowMs);
    const expected = newestFirst(
      all.filter((r) => r.workflowId === seed.workflowIds[2] && (r.status === "waiting" || r.status === "running")),
    ).map((r) => r.id);
    expect(got).toEqual(expected);
  });

  it("parses URL parameters leniently: bad keys are dropped with a message", () => {
    const p = parseRunListParams({ status: "nope", workflowId: "w1", after: "eyJrIjpbXX0", hasOpenTasks: "true", pageSize: "7" });
    expect(p.filter).toEqual({ workflowId: "w1", hasOpenTasks: true });
    expect(p.sort).toMatchObject({ after: "eyJrIjpbXX0", pageSize: 50 });
    expect(p.problems).toHaveLength(2);
    expect(parseRunListParams({ from: "200", to: "100" }).problems[0]).toMatch(/reversed/);
  });
});
