// Claiming a task assigned to a role: one reviewer says "I am on it", the others see who has it and
// cannot decide it, the claimer can release it, an admin can take it over; every change is a run
// event and an audit record; concurrent claims have exactly one winner; reassigning clears it.
import { beforeAll, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { decideTask } from "@/lib/engine/run-service";
import { ConflictError } from "@/lib/engine/errors";
import { DomainError } from "@/lib/errors/domain-error";
import { claimBody, claimTask, releaseTask } from "@/lib/inbox/claim-task";
import { reassignBody, reassignTask } from "@/lib/inbox/reassign-task";
import { getTaskDetail } from "@/lib/inbox/task-detail";
import { listTasks } from "@/lib/inbox/list-tasks";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import { verifyChain } from "@/lib/db/audit-store";
import { addUser, parkedTask } from "./helpers";
import { useEngine } from "@/tests/engine/helpers/fixture";

const codeOf = async (p: Promise<unknown>): Promise<string | null> => {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DomainError || e instanceof ConflictError) return e.code;
    throw e;
  }
};

describeEachDb("task claims", (dialect) => {
  const { h } = useEngine(dialect);
  let alice: Awaited<ReturnType<typeof addUser>>;
  let bob: Awaited<ReturnType<typeof addUser>>;
  let root: Awaited<ReturnType<typeof addUser>>;
  const reviewers: Awaited<ReturnType<typeof addUser>>[] = [];

  beforeAll(async () => {
    alice = await addUser(h.db, "alice", "reviewer");
    bob = await addUser(h.db, "bob", "reviewer");
    root = await addUser(h.db, "root", "admin");
    await addUser(h.db, "starter", "reviewer");
    for (let i = 0; i < 8; i++) reviewers.push(await addUser(h.db, `rev${i}`, "reviewer"));
  });

  const roleTask = () => parkedTask(h, { assignees: { users: [], roles: ["reviewer"] } });
  const claim = (taskId: string, who: typeof alice, body: Record<string, unknown> = {}) =>
    claimTask(h.db.sql, taskId, who, claimBody.parse(body));
  const decide = (taskId: string, who: typeof alice) =>
    decideTask(h.deps, { taskId, userId: who.userId, userRoles: who.roles, decision: "approve" });

  it("the claimer alone decides; others see who has it; events and audit record each change", async () => {
    const { task, runId } = await roleTask();
    const r = await claim(task.id, alice, { expectedVersion: task.version });
    expect(r).toMatchObject({ claimedBy: "alice", version: task.version + 1 });
    // idempotent for the claimer
    expect(await claim(task.id, alice)).toMatchObject({ claimedBy: "alice", version: task.version + 1 });

    const forBob = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, bob);
    expect(forBob.claimedBy).toEqual({ id: "alice", label: "Alice", mine: false });
    expect(forBob.permissions).toMatchObject({ canDecide: false, blockedBy: "claimed", claim: null });
    const forAlice = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, alice);
    expect(forAlice.permissions).toMatchObject({ canDecide: true, claim: "release" });
    const forRoot = await getTaskDetail(h.db.sql, await h.db.sql.now(), task.id, root);
    expect(forRoot.permissions.claim).toBe("take_over");
    const list = await h.db.sql.tx((q) => listTasks(q, Date.now(), bob, taskListQuery.parse({ assigned: "everyone" })));
    expect(list.tasks.find((t) => t.id === task.id)?.claimedBy).toEqual({ id: "alice", label: "Alice", mine: false });

    expect(await codeOf(claim(task.id, bob))).toBe("task_claimed");
    expect(await codeOf(decide(task.id, bob))).toBe("task_claimed");
    expect(await codeOf(releaseTask(h.db.sql, task.id, bob))).toBe("task_claimed");
    await decide(task.id, alice);
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");

    const events = (await h.store.getEvents(runId)).map((e) => e.type);
    expect(events).toContain("task.claimed");
    const audit = await h.db.sql.all<{ action: string; actorId: string }>(
      `SELECT "action","actorId" FROM "AuditEvent" WHERE "targetId"=? ORDER BY "id"`,
      [task.id],
    );
    expect(audit.map((a) => [a.action, a.actorId])).toContainEqual(["task.claimed", "alice"]);
    expect((await verifyChain(h.db.sql)).ok).toBe(true);
  });

  it("an admin takes a claim over only when asked to; the claimer or an admin releases it", async () => {
    const { task } = await roleTask();
    await claim(task.id, alice);
    expect(await codeOf(claim(task.id, root))).toBe("task_claimed");
    expect(await claim(task.id, root, { takeOver: true })).toMatchObject({ claimedBy: "root" });
    const taken = await h.db.sql.all<{ action: string }>(
      `SELECT "action" FROM "AuditEvent" WHERE "targetId"=? AND "action"='task.taken_over'`,
      [task.id],
    );
    expect(taken).toHaveLength(1);
    expect(await codeOf(decide(task.id, alice))).toBe("task_claimed");
    expect(await releaseTask(h.db.sql, task.id, root)).toMatchObject({ claimedBy: null });
    await claim(task.id, bob);
    expect(await releaseTask(h.db.sql, task.id, bob)).toMatchObject({ claimedBy: null });
    expect((await h.store.getTask(task.id))!.claimedBy).toBeNull();
  });

  it("ten reviewers claiming at once: exactly one wins, the others get a clear conflict", async () => {
    const { task } = await roleTask();
    const results = await Promise.all(reviewers.map((r) => codeOf(claim(task.id, r))));
    expect(results.filter((c) => c === null)).toHaveLength(1);
    expect(results.filter((c) => c !== null).every((c) => c === "task_claimed" || c === "task_version_conflict")).toBe(true);
    const claimed = (await h.store.getTask(task.id))!.claimedBy;
    expect(reviewers.map((r) => r.userId)).toContain(claimed);
  });

  it("quorum tasks and people who cannot decide cannot claim; reassigning clears a claim", async () => {
    const quorum = await parkedTask(h, { assignees: { users: [], roles: ["reviewer"] }, quorum: 2 });
    expect(await codeOf(claim(quorum.task.id, alice))).toBe("claim_not_applicable");
    const own = await parkedTask(h, { assignees: { users: [], roles: ["reviewer"] } }, { initiatorId: "alice" });
    expect(await codeOf(claim(own.task.id, alice))).toBe("claim_not_applicable");

    const { task } = await roleTask();
    await claim(task.id, alice);
    await reassignTask(h.db.sql, task.id, { ...alice }, reassignBody.parse({ to: { type: "user", id: "bob" }, note: "Bob knows them" }));
    expect((await h.store.getTask(task.id))!.claimedBy).toBeNull();
    await decide(task.id, bob);
  });
});
