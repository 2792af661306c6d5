// Memory across runs: facts (remember tool) and exchanges are loaded for the same subject in later
// runs of the workflow and never for another subject; people list, edit and erase it (audited);
// retention expires it.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { eraseSubject, getMemoryWorkflow, listEntries, listMemoryWorkflows, setRetention, updateEntry } from "@/lib/memory/memory-admin";
import { verifyChain } from "@/lib/db/audit-store";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";
import { subjectHash } from "@/lib/governance/subject-hash";

const memory = { enabled: true, subjectExpression: "$.input.customerId", loadTurns: 5, saveTurns: true };
const tools = [
  { name: "remember", type: "remember" },
  { name: "recall", type: "recall" },
];

describeEachDb("agent memory", (dialect) => {
  let h: AgentHarness;
  let workflowId: string;
  let versionId: string;
  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    ({ workflowId, versionId } = await h.publish(agentGraph(agentConfig(h.providerId, { memory, tools, user: "{{ $.input.q }}" }))));
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => h.model.reset());

  const systemOf = (n: number) => (h.model.calls[n].messages[0] as { content: string }).content;
  const texts = (n: number) => h.model.calls[n].messages.map((m) => (m as { content: string | null }).content ?? "").join("\n");

  async function run(input: Record<string, unknown>) {
    const r = await h.start(versionId, input);
    expect(await h.waitFor(r.id, ["succeeded", "failed"])).toBe("succeeded");
    return r;
  }

  it("recalls facts and exchanges for the same subject in a later run, and not for another subject", async () => {
    h.model.script([
      { toolCalls: [{ name: "remember", arguments: { key: "preferred_channel", value: "email, never phone" } }] },
      final("Noted: email only."),
    ]);
    await run({ customerId: "cust-A", q: "Please only email me." });

    h.model.reset();
    h.model.script([{ toolCalls: [{ name: "recall", arguments: { key: "preferred_channel" } }] }, final("I will email you.")]);
    await run({ customerId: "cust-A", q: "How will you contact me?" });
    expect(systemOf(0)).toContain("preferred_channel: email, never phone");
    expect(texts(0)).toContain("Please only email me.");
    expect(texts(0)).toContain("Noted: email only.");
    const recallResult = h.model.calls[1].messages.find((m) => (m as { role: string }).role === "tool") as { content: string };
    expect(JSON.parse(recallResult.content)).toEqual({ facts: [{ key: "preferred_channel", value: "email, never phone" }] });

    h.model.reset();
    h.model.script([final("Hello B.")]);
    await run({ customerId: "cust-B", q: "Hi" });
    expect(systemOf(0)).not.toContain("preferred_channel");
    expect(texts(0)).not.toContain("Please only email me.");
    expect(texts(0)).not.toContain("Noted: email only.");
  });

  it("lists, edits and erases a subject's memory, auditing each change", async () => {
    const wfs = await listMemoryWorkflows(h.db.sql);
    expect(wfs.find((w) => w.workflowId === workflowId)).toMatchObject({ subjects: 2 });
    const { subjects } = await getMemoryWorkflow(h.db.sql, workflowId);
    expect(subjects.find((s) => s.subjectKey === "cust-A")).toMatchObject({ turns: 2, facts: 1 });
    const entries = await listEntries(h.db.sql, workflowId, "cust-A");
    const fact = entries.find((e) => e.kind === "fact")!;
    expect(fact).toMatchObject({ key: "preferred_channel", content: { value: "email, never phone" } });
    await updateEntry(h.db.sql, workflowId, fact.id, { kind: "fact", value: "phone is fine now" }, "admin-1");

    h.model.reset();
    h.model.script([final("Calling you.")]);
    await run({ customerId: "cust-A", q: "Call me?" });
    expect(systemOf(0)).toContain("preferred_channel: phone is fine now");

    expect(await eraseSubject(h.db.sql, workflowId, "cust-A", "admin-1")).toEqual({ erased: 4 });
    expect(await listEntries(h.db.sql, workflowId, "cust-A")).toEqual([]);
    await expect(eraseSubject(h.db.sql, workflowId, "cust-A", "admin-1")).rejects.toMatchObject({ status: 404 });
    const audit = await h.db.sql.all<{ action: string; actorId: string; data: string }>(
      `SELECT "action","actorId","data" FROM "AuditEvent" WHERE "action" LIKE 'memory.%' ORDER BY "id"`,
    );
    expect(audit.map((a) => a.action)).toEqual(["memory.edited", "memory.erased"]);
    expect(JSON.parse(audit[1].data)).toEqual({ workflowId, subjectHash: subjectHash("cust-A"), entries: 4 });
    expect(audit.map((a) => a.data).join("\n")).not.toContain("cust-A");
    expect(audit[1].data).not.toContain("phone is fine now");
    expect((await verifyChain(h.db.sql)).ok).toBe(true);

    h.model.reset();
    h.model.script([final("Who are you?")]);
    await run({ customerId: "cust-A", q: "Remember me?" });
    expect(texts(0)).not.toContain("Call me?");
    expect(systemOf(0)).not.toContain("preferred_channel");
  });

  it("expires memory after the workflow's retention period", async () => {
    await setRetention(h.db.sql, workflowId, 30, "admin-1");
    const b = await listEntries(h.db.sql, workflowId, "cust-B");
    expect(b.length).toBeGreaterThan(0);
    for (const e of b) expect(e.expiresAtMs).toBe(e.createdAtMs + 30 * 86_400_000);
    // 31 days later nothing of cust-B is loaded or listed
    const later = Date.now() + 31 * 86_400_000;
    expect(await listEntries(h.db.sql, workflowId, "cust-B", later)).toEqual([]);
    await setRetention(h.db.sql, workflowId, null, "admin-1");
    expect((await listEntries(h.db.sql, workflowId, "cust-B", later)).length).toBe(b.length);
  });

  it("entries that already expired stay expired when the retention is lifted or lengthened", async () => {
    const before = await listEntries(h.db.sql, workflowId, "cust-B");
    expect(before.length).toBeGreaterThan(0);
    await h.db.sql.run(`UPDATE "MemoryEntry" SET "expiresAtMs"=? WHERE "workflowId"=?`, [Date.now() - 1000, workflowId]);
    expect(await listEntries(h.db.sql, workflowId, "cust-B")).toEqual([]);
    await setRetention(h.db.sql, workflowId, null, "admin-1");
    expect(await listEntries(h.db.sql, workflowId, "cust-B")).toEqual([]);
    await setRetention(h.db.sql, workflowId, 3650, "admin-1");
    expect(await listEntries(h.db.sql, workflowId, "cust-B")).toEqual([]);
  });
});
