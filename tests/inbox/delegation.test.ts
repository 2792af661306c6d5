// Out of office: a user's tasks assigned to them by name are also their delegate's while the
// delegation is active (by the database clock), with separation of duties still enforced, no chains,
// overlapping windows refused, and every create, cancel and on-behalf decision audited.
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { decideTask } from "@/lib/engine/run-service";
import { DomainError } from "@/lib/errors/domain-error";
import {
  cancelDelegation,
  createDelegation,
  delegateCandidates,
  delegationBody,
  listMyDelegations,
  principalWithDelegations,
} from "@/lib/inbox/delegation";
import { getTaskDetail } from "@/lib/inbox/task-detail";
import { listTasks } from "@/lib/inbox/list-tasks";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import { verifyChain } from "@/lib/db/audit-store";
import { addUser, parkedTask } from "./helpers";
import { useEngine } from "@/tests/engine/helpers/fixture";

const HOUR = 3600_000;

const codeOf = async (p: Promise<unknown>): Promise<string | null> => {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describeEachDb("out-of-office delegation", (dialect) => {
  const { h } = useEngine(dialect);
  const alice = { id: "alice", role: "reviewer" as const };
  const bob = { id: "bob", role: "reviewer" as const };
  const carol = { id: "carol", role: "reviewer" as const };

  beforeAll(async () => {
    for (const u of ["alice", "bob", "carol", "dave", "erin", "frank"]) await addUser(h.db, u, "reviewer");
    await addUser(h.db, "starter", "reviewer");
    await addUser(h.db, "vera", "viewer");
    await addUser(h.db, "gone", "reviewer", { disabled: true });
  });

  const now = () => h.db.sql.now();
  const delegate = async (from: string, to: string, fromOffset: number, toOffset: number) => {
    const t = Math.round(await now());
    return createDelegation(
      h.db.sql,
      { id: from, role: "reviewer" },
      delegationBody.parse({ delegateId: to, fromMs: Math.round(t + fromOffset), toMs: Math.round(t + toOffset) }),
    );
  };
  const decide = (taskId: string, userId: string) => decideTask(h.deps, { taskId, userId, userRoles: ["reviewer"], decision: "approve" });
  const namedTask = (users: string[], opts: { initiatorId?: string; quorum?: number } = {}) =>
    parkedTask(h, { assignees: { users, roles: [] }, quorum: opts.quorum ?? 1 }, { initiatorId: opts.initiatorId });
  const principal = async (u: { id: string; role: "reviewer" }) => principalWithDelegations(h.db.sql, u, await now());
  const visibleTo = async (u: { id: string; role: "reviewer" }, taskId: string) => {
    const p = await principal(u);
    const list = await h.db.sql.tx(async (q) => listTasks(q, await now(), p, taskListQuery.parse({ assigned: "me" })));
    return list.tasks.find((t) => t.id === taskId) ?? null;
  };

  it("before, inside and after the window: the delegate sees and decides only inside it, audited as on behalf", async () => {
    const { task, runId } = await namedTask(["alice"]);

    const future = await delegate("alice", "bob", HOUR, 2 * HOUR);
    expect(future.active).toBe(false);
    expect(await visibleTo(bob, task.id)).toBeNull();
    expect(await codeOf(decide(task.id, "bob"))).toBe("forbidden");
    await cancelDelegation(h.db.sql, alice, future.id);

    const past = await delegate("alice", "bob", -3 * HOUR, -2 * HOUR);
    expect(await visibleTo(bob, task.id)).toBeNull();
    expect(await codeOf(decide(task.id, "bob"))).toBe("forbidden");

    const inside = await delegate("alice", "bob", -HOUR, HOUR);
    expect(inside.active).toBe(true);
    expect((await listMyDelegations(h.db.sql, await now(), bob, false)).map((d) => d.id)).toContain(inside.id);
    // the list says whose task it is (the inbox shows "Delegated from Alice"); alice's own row does not
    expect(await visibleTo(bob, task.id)).toMatchObject({
      canDecide: true,
      delegatedFrom: [{ id: "alice", label: "Alice" }],
      allowBulk: false,
    });
    expect(await visibleTo(alice, task.id)).toMatchObject({ delegatedFrom: [] });
    const detail = await getTaskDetail(h.db.sql, await now(), task.id, await principal(bob));
    expect(detail.permissions).toMatchObject({ canDecide: true });
    // carol has no delegation
    expect(await visibleTo(carol, task.id)).toBeNull();

    const out = await decide(task.id, "bob");
    expect(out.decision).toMatchObject({ userId: "bob", onBehalfOf: "alice" });
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const after = await getTaskDetail(h.db.sql, await now(), task.id, await principal(alice));
    expect(after.decisions[0]).toMatchObject({ userId: "bob", onBehalfOf: { id: "alice", label: "Alice" } });

    const audit = await h.db.sql.all<{ action: string; actorId: string; data: string }>(
      `SELECT "action","actorId","data" FROM "AuditEvent" WHERE "targetId"=? AND "action"='task.decided'`,
      [task.id],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe("bob");
    expect(JSON.parse(String(audit[0].data))).toMatchObject({ onBehalfOf: "alice" });
    const trail = await h.db.sql.all<{ action: string; actorId: string }>(
      `SELECT "action","actorId" FROM "AuditEvent" WHERE "action" LIKE 'delegation.%' AND "targetId"='alice' ORDER BY "id"`,
    );
    expect(trail.map((a) => a.action)).toEqual(["delegation.created", "delegation.cancelled", "delegation.created", "delegation.created"]);
    expect((await verifyChain(h.db.sql)).ok).toBe(true);
    await cancelDelegation(h.db.sql, alice, inside.id);
    await cancelDelegation(h.db.sql, alice, past.id);
  });

  it("overlapping windows of one user are refused with 409; adjacent ones and other users are fine", async () => {
    const first = await delegate("carol", "dave", 0, 2 * HOUR);
    const t = Math.round(await now());
    const again = createDelegation(
      h.db.sql,
      carol,
      delegationBody.parse({ delegateId: "erin", fromMs: Math.round(t + HOUR), toMs: Math.round(t + 3 * HOUR) }),
    );
    expect(await codeOf(again)).toBe("delegation_overlap");
    await createDelegation(h.db.sql, carol, delegationBody.parse({ delegateId: "erin", fromMs: first.toMs, toMs: first.toMs + HOUR }));
    await delegate("erin", "dave", 0, 2 * HOUR);
    // refused delegates: self, a viewer, a disabled user, someone unknown
    for (const to of ["frank", "vera", "gone", "nobody"]) expect(await codeOf(delegate("frank", to, 0, HOUR))).toBe("invalid_delegate");
    expect(delegationBody.safeParse({ delegateId: "dave", fromMs: 10, toMs: 5 }).success).toBe(false);
    // a reviewer cannot set up another user's delegation
    expect(
      await codeOf(
        createDelegation(h.db.sql, bob, delegationBody.parse({ delegateId: "dave", fromMs: t, toMs: t + HOUR, userId: "frank" })),
      ),
    ).toBe("forbidden");
  });

  it("separation of duties and single decisions hold through a delegation; delegations do not chain", async () => {
    await delegate("dave", "frank", -HOUR, HOUR);
    // the delegate started the run
    const own = await namedTask(["dave"], { initiatorId: "frank" });
    expect(await codeOf(decide(own.task.id, "frank"))).toBe("forbidden");
    expect((await visibleTo({ id: "frank", role: "reviewer" }, own.task.id))?.blockedBy).toBe("initiator");
    // the delegator started the run: nobody decides it on their behalf
    const theirs = await namedTask(["dave"], { initiatorId: "dave" });
    expect(await codeOf(decide(theirs.task.id, "frank"))).toBe("forbidden");
    // a delegate who is also named decides once, not a second time for the delegator
    const both = await namedTask(["dave", "frank"], { quorum: 2 });
    await decide(both.task.id, "frank");
    expect(await codeOf(decide(both.task.id, "frank"))).toBe("already_decided");
    // the delegator already decided: the delegate cannot add a second decision for them
    const decided = await namedTask(["dave", "alice"], { quorum: 2 });
    await decide(decided.task.id, "dave");
    expect(await codeOf(decide(decided.task.id, "frank"))).toBe("already_decided");
    // no chains: erin → dave (active, from the previous test) and dave → frank do not pass erin's tasks to frank
    const erins = await namedTask(["erin"]);
    expect(await codeOf(decide(erins.task.id, "frank"))).toBe("forbidden");
    await decide(erins.task.id, "dave");
  });

  it("the people a reviewer can delegate to: enabled deciders other than themselves", async () => {
    const ids = (await delegateCandidates(h.db.sql, alice)).map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining(["bob", "carol", "starter"]));
    expect(ids).not.toContain("alice");
    expect(ids).not.toContain("vera"); // a viewer cannot decide
    expect(ids).not.toContain("gone"); // disabled
  });
});
