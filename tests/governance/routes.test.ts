// The governance API on real databases, with the signed-in user stubbed: personal data masked by the
// server for a viewer (run detail, run view, step, task) unless the role is granted; only admins may
// request erasures, list a subject's runs, hold runs and download an evidence pack; the evidence pack
// carries the version, input, outputs, decisions and audit records with a chain proof.
import { randomBytes, verify } from "node:crypto";
import { publicKeyFrom, signingKeyFrom } from "@/lib/audit/signing-key";
import { beforeAll, beforeEach, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { describeEachDb } from "@/tests/helpers/test-db";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { useEngine } from "@/tests/engine/helpers/fixture";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { runErasureJobs } from "@/lib/governance/erasure";

const current: { role: Role; id: string } = { role: "admin", id: "u-admin" };

const AUDIT_KEY_SEED = randomBytes(32).toString("base64");
let app: unknown;

vi.mock("@/lib/auth/session", () => ({
  resolveUser: async () => ({
    user: { id: current.id, email: `${current.id}@x.test`, name: current.id, role: current.role },
    method: "session",
  }),
}));
vi.mock("@/lib/server/app-context", () => ({ getAppContext: () => app }));

const { GET: runDetail } = await import("@/app/api/v1/runs/[runId]/route");
const { GET: runView } = await import("@/app/api/v1/runs/[runId]/view/route");
const { GET: stepDetail } = await import("@/app/api/v1/runs/[runId]/steps/[stepKey]/route");
const { GET: taskDetail } = await import("@/app/api/v1/tasks/[taskId]/route");
const { GET: evidence } = await import("@/app/api/v1/runs/[runId]/evidence/route");
const { POST: hold, GET: holdOf } = await import("@/app/api/v1/runs/[runId]/legal-hold/route");
const workflowRetention = await import("@/app/api/v1/governance/retention/workflows/[workflowId]/route");
const { POST: purgeNow } = await import("@/app/api/v1/governance/retention/purge/route");
const personalData = await import("@/app/api/v1/governance/personal-data/route");
const erasures = await import("@/app/api/v1/governance/erasures/route");
const { GET: erasureOne } = await import("@/app/api/v1/governance/erasures/[erasureId]/route");
const { POST: subjectRuns } = await import("@/app/api/v1/governance/subject-runs/route");
const retention = await import("@/app/api/v1/governance/retention/route");

function req(path: string, method = "GET", body?: unknown): Request {
  return new Request(`http://localhost${path}`, {
    method,
    headers: { host: "localhost", origin: "http://localhost", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

const NAME = "Marguerite Vantongeren";
const SSN = "756-1234-5678";

describeEachDb("governance routes", (dialect) => {
  const { h } = useEngine(dialect);
  let runId: string;
  let taskId: string;
  let workflowId: string;

  beforeAll(async () => {
    app = {
      db: h.db,
      engine: { store: h.store, notifier: h.notifier, notify: () => h.notifier.notify(), schedulesChanged: () => undefined },
      env: { SWITCHYARD_AUDIT_SIGNING_KEY: AUDIT_KEY_SEED },
    };
    const doc = graph()
      .node({
        id: "start",
        kind: "start",
        name: "Start",
        config: {
          subjectExpression: "$.input.applicantId",
          inputSchema: {
            type: "object",
            properties: {
              applicantId: { type: "string" },
              name: { type: "string", "x-personal": true },
              ssn: { type: "string", "x-personal": true },
              amount: { type: "number" },
            },
          },
        },
      })
      .transform("greet", '"Dear " & $.input.name')
      .node({
        id: "ap",
        kind: "approval",
        config: { assignees: { users: [], roles: ["reviewer"] }, instructions: "ok?", payload: "$.input", separationOfDuties: false },
      })
      .end("end", "$.steps.ap.output")
      .chain("start", "greet", "ap")
      .edge("ap", "end", "approved")
      .build();
    const { versionId, workflowId: wfId } = await publish(h.db.sql, doc);
    workflowId = wfId;
    const run = await startRun(h.deps, {
      versionId,
      input: { applicantId: "A-77", name: NAME, ssn: SSN, amount: 1200 },
      initiatorId: null,
    });
    runId = run.id;
    await h.waitFor(runId, ["waiting"]);
    taskId = (await h.store.getTasks(runId))[0].id;
  });
  beforeEach(() => {
    current.role = "admin";
    current.id = "u-admin";
  });

  async function bodies(): Promise<string[]> {
    const out: string[] = [];
    for (const res of [
      await runDetail(req(`/api/v1/runs/${runId}`), ctx({ runId })),
      await runView(req(`/api/v1/runs/${runId}/view`), ctx({ runId })),
      await stepDetail(req(`/api/v1/runs/${runId}/steps/greet`), ctx({ runId, stepKey: "greet" })),
      await stepDetail(req(`/api/v1/runs/${runId}/steps/start`), ctx({ runId, stepKey: "start" })),
      await taskDetail(req(`/api/v1/tasks/${taskId}`), ctx({ taskId })),
    ]) {
      expect(res.status).toBe(200);
      out.push(await res.text());
    }
    return out;
  }

  it("masks x-personal fields for a viewer in every run and task answer; admins and granted roles see them", async () => {
    current.role = "viewer";
    for (const b of await bodies()) {
      expect(b).not.toContain(NAME);
      expect(b).not.toContain(SSN);
    }
    const detail = (await (await runDetail(req(`/api/v1/runs/${runId}`), ctx({ runId }))).json()) as { run: { input: unknown } };
    expect(detail.run.input).toEqual({ applicantId: "A-77", name: "[personal]", ssn: "[personal]", amount: 1200 });
    const step = await (await stepDetail(req(`/api/v1/runs/${runId}/steps/greet`), ctx({ runId, stepKey: "greet" }))).text();
    expect(step).toContain("Dear [personal]");

    current.role = "admin";
    expect((await bodies()).join("\n")).toContain(NAME);
    // a viewer may not change the grant; an admin grants viewers
    current.role = "viewer";
    expect((await personalData.PATCH(req("/api/v1/governance/personal-data", "PATCH", { roles: ["viewer"] }), ctx())).status).toBe(403);
    current.role = "admin";
    const granted = await personalData.PATCH(req("/api/v1/governance/personal-data", "PATCH", { roles: ["admin", "viewer"] }), ctx());
    expect(await granted.json()).toEqual({ roles: ["admin", "viewer"] });
    current.role = "viewer";
    expect((await bodies()).join("\n")).toContain(NAME);
    current.role = "admin";
    await personalData.PATCH(req("/api/v1/governance/personal-data", "PATCH", { roles: ["admin"] }), ctx());
  });

  it("evidence pack: one JSON file with version, input, outputs, decisions and audit records with a chain proof", async () => {
    await decideTask(h.deps, { taskId, userId: "rev-1", userRoles: ["reviewer"], decision: "approve", comment: "fine" });
    await h.waitFor(runId, ["succeeded"]);
    current.role = "designer";
    expect((await evidence(req(`/api/v1/runs/${runId}/evidence`), ctx({ runId }))).status).toBe(403);
    current.role = "admin";
    const res = await evidence(req(`/api/v1/runs/${runId}/evidence`), ctx({ runId }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain(`evidence-run-${runId}.json`);
    const pack = (await res.json()) as {
      format: string;
      version: { graph: { nodes: unknown[] } };
      input: unknown;
      steps: { stepKey: string; output: unknown }[];
      tasks: { decisions: { decision: string; comment: string }[] }[];
      audit: {
        records: { action: string; hashVerified: boolean }[];
        chainProof: {
          linked: boolean;
          allRecordsVerified: boolean;
          head: unknown;
          links: [number, string, string][];
          checkpoint: {
            seq: number;
            headHash: string;
            publicKey: string;
            signature: string;
            signedMessage: string;
            linksReachCheckpoint: boolean;
          };
        };
      };
    };
    expect(pack.format).toBe("switchyard.evidence-pack/v1");
    expect(pack.version.graph.nodes.length).toBe(4);
    expect(pack.input).toMatchObject({ name: NAME });
    expect(pack.steps.find((s) => s.stepKey === "greet")!.output).toBe(`Dear ${NAME}`);
    expect(pack.tasks[0].decisions[0]).toMatchObject({ decision: "approve", comment: "fine" });
    expect(pack.audit.records.map((r) => r.action)).toEqual(["run.started", "task.decided"]);
    expect(pack.audit.chainProof).toMatchObject({ linked: true, allRecordsVerified: true });
    expect(pack.audit.chainProof.head).not.toBeNull();
    // The proof ends at a signed checkpoint that an auditor checks with the public key alone.
    const cp = pack.audit.chainProof.checkpoint;
    expect(cp.linksReachCheckpoint).toBe(true);
    expect(cp.publicKey).toBe(signingKeyFrom(AUDIT_KEY_SEED).publicKeyB64);
    const last = pack.audit.chainProof.links.at(-1)!;
    expect(last[0]).toBe(cp.seq);
    expect(last[2]).toBe(cp.headHash);
    expect(cp.signedMessage).toContain(`:${cp.seq}:${cp.headHash}:`);
    expect(verify(null, Buffer.from(cp.signedMessage), publicKeyFrom(cp.publicKey), Buffer.from(cp.signature, "base64"))).toBe(true);
    // A second export reuses that checkpoint instead of signing another.
    const again = (await (await evidence(req(`/api/v1/runs/${runId}/evidence`), ctx({ runId }))).json()) as typeof pack;
    expect(again.audit.chainProof.checkpoint.seq).toBe(cp.seq);
    expect(again.audit.chainProof.checkpoint.signature).toBe(cp.signature);
  });

  it("a workflow's retention and a run's hold read back through the API; admins purge now, audited as theirs", async () => {
    const wfCtx = ctx({ workflowId });
    for (const role of ["designer", "reviewer", "viewer", "auditor"] as Role[]) {
      current.role = role;
      expect((await workflowRetention.GET(req(`/api/v1/governance/retention/workflows/${workflowId}`), wfCtx)).status).toBe(403);
      expect((await purgeNow(req("/api/v1/governance/retention/purge", "POST"), ctx())).status).toBe(403);
      // everyone who sees the run sees its hold (the run page's badge)
      expect(await (await holdOf(req(`/api/v1/runs/${runId}/legal-hold`), ctx({ runId }))).json()).toEqual({ runId, legalHold: false });
    }
    current.role = "admin";
    expect((await holdOf(req("/api/v1/runs/nope/legal-hold"), ctx({ runId: "nope" }))).status).toBe(404);
    expect((await workflowRetention.GET(req("/api/v1/governance/retention/workflows/nope"), ctx({ workflowId: "nope" }))).status).toBe(404);
    const bad = await workflowRetention.PATCH(
      req(`/api/v1/governance/retention/workflows/${workflowId}`, "PATCH", { runRetentionDays: 0 }),
      wfCtx,
    );
    expect(bad.status).toBe(400);
    const saved = await workflowRetention.PATCH(
      req(`/api/v1/governance/retention/workflows/${workflowId}`, "PATCH", { runRetentionDays: 90, legalHold: true }),
      wfCtx,
    );
    expect(await saved.json()).toEqual({ runRetentionDays: 90, legalHold: true });
    const view = await workflowRetention.GET(req(`/api/v1/governance/retention/workflows/${workflowId}`), wfCtx);
    expect(await view.json()).toMatchObject({
      workflowId,
      runRetentionDays: 90,
      effectiveDays: 90,
      legalHold: true,
      wouldDelete: 0,
      globalDays: null,
    });
    await workflowRetention.PATCH(
      req(`/api/v1/governance/retention/workflows/${workflowId}`, "PATCH", { runRetentionDays: null, legalHold: false }),
      wfCtx,
    );

    const purged = await purgeNow(req("/api/v1/governance/retention/purge", "POST"), ctx());
    expect(purged.status).toBe(200);
    expect(await purged.json()).toMatchObject({ runs: 0, auditRows: 0, more: false });
    const last = await h.db.sql.all<{ action: string; actorId: string }>(
      `SELECT "action","actorId" FROM "AuditEvent" ORDER BY "id" DESC LIMIT 1`,
    );
    expect(last[0]).toEqual({ action: "retention.purged", actorId: "u-admin" });
  });

  it("only admins hold runs, list a subject's runs and request erasures; the report comes back by id", async () => {
    for (const role of ["designer", "reviewer", "viewer"] as Role[]) {
      current.role = role;
      expect((await hold(req(`/api/v1/runs/${runId}/legal-hold`, "POST", { hold: true }), ctx({ runId }))).status).toBe(403);
      expect((await subjectRuns(req("/api/v1/governance/subject-runs", "POST", { subject: "A-77" }), ctx())).status).toBe(403);
      expect((await erasures.POST(req("/api/v1/governance/erasures", "POST", { subject: "A-77" }), ctx())).status).toBe(403);
      expect((await retention.GET(req("/api/v1/governance/retention"), ctx())).status).toBe(403);
    }
    current.role = "admin";
    expect(await (await hold(req(`/api/v1/runs/${runId}/legal-hold`, "POST", { hold: true }), ctx({ runId }))).json()).toEqual({
      runId,
      legalHold: true,
    });
    current.role = "viewer";
    expect(await (await holdOf(req(`/api/v1/runs/${runId}/legal-hold`), ctx({ runId }))).json()).toEqual({ runId, legalHold: true });
    current.role = "admin";
    const listed = (await (await subjectRuns(req("/api/v1/governance/subject-runs", "POST", { subject: "A-77" }), ctx())).json()) as {
      runs: { id: string; legalHold: boolean }[];
    };
    expect(listed.runs).toEqual([expect.objectContaining({ id: runId, legalHold: true })]);
    expect((await erasures.POST(req("/api/v1/governance/erasures", "POST", { subject: "" }), ctx())).status).toBe(400);
    // a legal hold wins over erasure: the held run is kept and the report says so
    const whileHeld = (await (await erasures.POST(req("/api/v1/governance/erasures", "POST", { subject: "A-77" }), ctx())).json()) as {
      erasure: { runsTotal: number; counts: Record<string, number> };
    };
    expect(whileHeld.erasure).toMatchObject({ runsTotal: 0, counts: { heldRunsKept: 1 } });
    await runErasureJobs({ db: h.db.sql, store: h.store, owner: "w" });
    expect(await (await runDetail(req(`/api/v1/runs/${runId}`), ctx({ runId }))).text()).toContain(NAME);
    await hold(req(`/api/v1/runs/${runId}/legal-hold`, "POST", { hold: false }), ctx({ runId }));
    const created = await erasures.POST(req("/api/v1/governance/erasures", "POST", { subject: "A-77", reason: "request #12" }), ctx());
    expect(created.status).toBe(201);
    const { erasure } = (await created.json()) as { erasure: { id: string; runsTotal: number; status: string } };
    expect(erasure).toMatchObject({ runsTotal: 1, status: "queued" });
    await runErasureJobs({ db: h.db.sql, store: h.store, owner: "w" });
    const report = (await (await erasureOne(req(`/api/v1/governance/erasures/${erasure.id}`), ctx({ erasureId: erasure.id }))).json()) as {
      erasure: { status: string; runsDone: number; counts: Record<string, number> };
    };
    expect(report.erasure).toMatchObject({ status: "done", runsDone: 1 });
    expect(report.erasure.counts.Run).toBe(1);
    const listAll = (await (await erasures.GET(req("/api/v1/governance/erasures"), ctx())).json()) as { erasures: { id: string }[] };
    expect(listAll.erasures.map((e) => e.id)).toContain(erasure.id);
    const after = await (await runDetail(req(`/api/v1/runs/${runId}`), ctx({ runId }))).text();
    expect(after).not.toContain(NAME);
  });
});
