// A run's outcome besides its status: End nodes name one; an approval whose rejected/timeout output
// leads nowhere records rejected/timed_out; the runs list, the API list and the dashboard filter by it.
import { expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { expireTimers } from "./helpers/engine";
import { graph, publish } from "./helpers/graph";
import { decideTask, getRun, listRuns, startRun } from "@/lib/engine/run-service";
import { useEngine } from "./helpers/fixture";
import { listRunPage } from "@/lib/db/run-list-read";
import { loadRunListFacets } from "@/lib/db/run-list-facets-read";
import { loadDashboard } from "@/lib/db/dashboard-read";
import { runListSortSchema } from "@/lib/monitoring/run-list-filter";

const approval = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: "approval",
  config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "Check", payload: "$.input", ...extra },
});

describeEachDb("run outcomes", (dialect) => {
  const { h } = useEngine(dialect);

  async function runToDecision(doc: unknown, decision: "approve" | "reject") {
    const { versionId } = await publish(h.db.sql, doc);
    const r = await startRun(h.deps, { versionId, input: { amount: 5 }, initiatorId: "initiator" });
    await h.waitFor(r.id, ["waiting"]);
    const [task] = await h.store.getTasks(r.id);
    await decideTask(h.deps, { taskId: task.id, userId: "rev1", userRoles: ["reviewer"], decision, comment: "because" });
    expect(await h.waitFor(r.id, ["succeeded", "failed"])).toBe("succeeded");
    return r.id;
  }

  const approvedOnly = () =>
    graph()
      .start()
      .node(approval("ap"))
      .node({ id: "done", kind: "end", config: { output: "$.steps.ap.output.decision", outcome: "approved" } })
      .edge("start", "ap")
      .edge("ap", "done", "approved")
      .build();

  it("records the End node's outcome, and rejected when the rejected output is unconnected", async () => {
    const approved = await runToDecision(approvedOnly(), "approve");
    expect((await getRun(h.deps, approved)).run.outcome).toBe("approved");
    const rejected = await runToDecision(approvedOnly(), "reject");
    const d = await getRun(h.deps, rejected);
    expect(d.run.status).toBe("succeeded");
    expect(d.run.outcome).toBe("rejected");
  });

  it("a connected rejected output ending in an End without an outcome records none", async () => {
    const doc = graph()
      .start()
      .node(approval("ap"))
      .end("ok", "'yes'")
      .end("no", "'no'")
      .edge("start", "ap")
      .edge("ap", "ok", "approved")
      .edge("ap", "no", "rejected")
      .build();
    const id = await runToDecision(doc, "reject");
    expect((await getRun(h.deps, id)).run.outcome).toBeNull();
  });

  it("records timed_out when the timeout output leads nowhere", async () => {
    const doc = graph()
      .start()
      .node(approval("ap", { dueInMs: 3_600_000 }))
      .end("ok", "'approved'")
      .edge("start", "ap")
      .edge("ap", "ok", "approved")
      .build();
    const { versionId } = await publish(h.db.sql, doc);
    const r = await startRun(h.deps, { versionId, input: {}, initiatorId: "initiator" });
    await h.waitFor(r.id, ["waiting"]);
    await expireTimers(h, r.id);
    expect(await h.waitFor(r.id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await getRun(h.deps, r.id)).run.outcome).toBe("timed_out");
  });

  it("the runs list, the API list, the filter facets and the dashboard filter and count by outcome", async () => {
    // this file's earlier runs: approved, rejected, (none), timed_out
    const doc = approvedOnly();
    const a = await runToDecision(doc, "approve");
    const b = await runToDecision(doc, "reject");
    const wfA = (await h.store.getRun(a))!.workflowId;
    const wfB = (await h.store.getRun(b))!.workflowId;
    const sort = runListSortSchema.parse({});
    expect((await listRunPage(h.db.sql, { outcome: "approved", workflowId: wfB }, sort)).rows).toEqual([]);
    const page = await listRunPage(h.db.sql, { outcome: "rejected", workflowId: wfB }, sort);
    expect(page.rows.map((r) => r.id)).toEqual([b]);
    expect(page.rows[0].outcome).toBe("rejected");
    const api = await listRuns(h.deps, { outcome: "approved", workflowId: wfA });
    expect(api.runs.map((r) => r.id)).toEqual([a]);
    expect(api.runs[0].outcome).toBe("approved");
    expect((await loadRunListFacets(h.db.sql)).outcomes).toEqual(["approved", "rejected", "timed_out"]);
    const dash = await loadDashboard(h.db.sql, "24h");
    expect(dash.byOutcome).toEqual([
      { outcome: "approved", count: 2 },
      { outcome: "rejected", count: 2 },
      { outcome: "timed_out", count: 1 },
    ]);
  });
});
