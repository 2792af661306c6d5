// Switchyard's MCP endpoint (lib/mcp/switchyard-mcp-server.ts, POST /api/v1/mcp) driven by the SDK's
// own Client over streamable HTTP: exposed workflows are listed with their Start input schema, a call
// returns the run's output, a long run returns a handle that get_run follows, the caller's key scope
// hides other workflows, and the inbox tools (when enabled) decide through the inbox's checks.
import { afterAll, beforeAll, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { describeEachDb } from "@/tests/helpers/test-db";
import { createHarness, type Harness } from "@/tests/engine/helpers/engine";
import { graph, publish } from "@/tests/engine/helpers/graph";
import { parseEnv } from "@/lib/env";
import { keyScope } from "@/lib/api/key-scope";
import { handleMcpRequest, type McpCaller } from "@/lib/mcp/switchyard-mcp-server";
import type { AppContext } from "@/lib/server/app-context";
import { getMcpExposure, listExposedTools, setMcpExposure } from "@/lib/mcp/mcp-exposure";

describeEachDb("Switchyard as an MCP server", (dialect) => {
  let h: Harness;
  let quote: string;
  let hidden: string;
  let review: string;

  const caller = (over: Partial<McpCaller> & { inbox?: boolean } = {}): McpCaller => {
    const env = parseEnv({ SWITCHYARD_MCP_INBOX_TOOLS: over.inbox ? "true" : "false" });
    const app = {
      env,
      db: h.db,
      engine: { store: h.store, notifier: h.notifier, notify: () => h.notifier.notify(), schedulesChanged: () => undefined },
    } as unknown as AppContext;
    return { app, user: { id: "u-1", email: "a@x.test", name: "Ada", role: "admin" }, scope: keyScope(h.db.sql, null), ...over };
  };
  async function connect(c: McpCaller): Promise<Client> {
    const client = new Client({ name: "test", version: "1.0.0" });
    const fetch = async (url: string | URL, init?: RequestInit) => handleMcpRequest(new Request(url, init), c);
    await client.connect(new StreamableHTTPClientTransport(new URL("http://switchyard.test/api/v1/mcp"), { fetch }));
    return client;
  }

  beforeAll(async () => {
    h = await createHarness(dialect);
    const expose = (doc: Record<string, unknown>, mcp: Record<string, unknown>) => ({ ...doc, settings: { mcp } });
    const schema = { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] };
    quote = (
      await publish(
        h.db.sql,
        expose(
          graph()
            .start(schema)
            .transform("t", "{ 'quote': $.input.amount * 2 }")
            .end("end", "$.steps.t.output")
            .edge("start", "t")
            .edge("t", "end")
            .build(),
          {
            expose: true,
            toolName: "quote",
            description: "Quotes twice the amount.",
          },
        ),
      )
    ).workflowId;
    hidden = (
      await publish(
        h.db.sql,
        expose(graph().start().end("end", "$.input").edge("start", "end").build(), { expose: true, toolName: "hidden" }),
      )
    ).workflowId;
    // a long one: waits for an approval
    review = (
      await publish(
        h.db.sql,
        expose(
          graph()
            .start()
            .node({
              id: "ap",
              kind: "approval",
              config: { assignees: { users: [], roles: ["admin"] }, instructions: "ok?", payload: "$.input" },
            })
            .end("end", "$.steps.ap.output")
            .edge("start", "ap")
            .edge("ap", "end", "approved")
            .build(),
          { expose: true, toolName: "review" },
        ),
      )
    ).workflowId;
    // not exposed
    await publish(h.db.sql, graph().start().end("end", "$.input").edge("start", "end").build());
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists exposed workflows with their Start input schema, and a call returns the run's output", async () => {
    const client = await connect(caller());
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["get_run", "hidden", "quote", "review"]);
    expect(tools.find((t) => t.name === "quote")).toMatchObject({
      description: "Quotes twice the amount.",
      inputSchema: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] },
    });
    const r = await client.callTool({ name: "quote", arguments: { amount: 21 } });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent).toMatchObject({ status: "succeeded", output: { quote: 42 } });
    const runId = (r.structuredContent as { runId: string }).runId;
    expect((await h.store.getRun(runId))!.workflowId).toBe(quote);
    // bad input is the run's validation error, returned as a tool error
    const bad = await client.callTool({ name: "quote", arguments: { amount: "x" } });
    expect(bad.isError).toBe(true);
    await client.close();
  });

  it("a run that does not end in time sends progress, then answers with a handle that get_run follows; the inbox tools decide it", async () => {
    const client = await connect(caller({ inbox: true }));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(expect.arrayContaining(["list_tasks", "decide_task"]));
    // a client that asks for progress hears from the wait about once a second until the handle comes
    const progress: number[] = [];
    const started = await client.callTool({ name: "review", arguments: { x: 1 } }, undefined, {
      onprogress: (p) => progress.push(p.progress),
    });
    expect(started.structuredContent).toMatchObject({ status: "waiting", message: expect.stringMatching(/get_run/) });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual(progress.map((_, i) => i + 1));
    const runId = (started.structuredContent as { runId: string }).runId;
    const listed = await client.callTool({ name: "list_tasks", arguments: { workflowId: review } });
    const tasks = (listed.structuredContent as { tasks: { id: string; runId: string }[] }).tasks.filter((t) => t.runId === runId);
    expect(tasks).toHaveLength(1);
    // the inbox's checks apply: an unknown decision is refused; the person who started the run may not
    // decide its approval (separation of duties); another admin may
    expect((await client.callTool({ name: "decide_task", arguments: { taskId: tasks[0].id, decision: "maybe" } })).isError).toBe(true);
    const own = await client.callTool({ name: "decide_task", arguments: { taskId: tasks[0].id, decision: "approve" } });
    expect(own.isError).toBe(true);
    expect(own.structuredContent).toMatchObject({ error: expect.stringMatching(/Separation of duties/) });
    const other = await connect(caller({ inbox: true, user: { id: "u-3", email: "b@x.test", name: "Bo", role: "admin" } }));
    const decided = await other.callTool({ name: "decide_task", arguments: { taskId: tasks[0].id, decision: "approve", comment: "fine" } });
    expect(decided.isError).toBeFalsy();
    await other.close();
    expect(await h.waitFor(runId, ["succeeded", "failed"])).toBe("succeeded");
    const polled = await client.callTool({ name: "get_run", arguments: { runId } });
    expect(polled.structuredContent).toMatchObject({ runId, status: "succeeded" });
    await client.close();
  }, 30_000);

  it("a key limited to some workflows sees only those; a viewer gets no workflow tools and no inbox", async () => {
    const scoped = await connect(caller({ scope: keyScope(h.db.sql, [quote]) }));
    expect((await scoped.listTools()).tools.map((t) => t.name).sort()).toEqual(["get_run", "quote"]);
    expect((await scoped.callTool({ name: "hidden", arguments: {} })).isError).toBe(true);
    await scoped.close();
    expect(hidden).toBeTruthy();
    const viewer = await connect(caller({ inbox: true, user: { id: "u-2", email: "v@x.test", name: "Vi", role: "viewer" } }));
    expect((await viewer.listTools()).tools.map((t) => t.name)).toEqual(["get_run"]);
    await viewer.close();
  });
  it("the workflow's exposure setting offers or withdraws its live version at once, under the chosen name", async () => {
    const plain = (await publish(h.db.sql, graph().start().end("end", "$.input").edge("start", "end").build())).workflowId;
    const names = async () => {
      const client = await connect(caller());
      const tools = (await client.listTools()).tools.map((t) => t.name);
      await client.close();
      return tools;
    };
    expect(await names()).not.toContain("lookup_order");
    const view = await setMcpExposure(h.db, plain, { expose: true, toolName: "lookup_order", description: "Looks an order up." }, "u-1");
    expect(view).toMatchObject({ expose: true, toolName: "lookup_order", live: true, tool: "lookup_order" });
    expect(await names()).toContain("lookup_order");
    expect((await listExposedTools(h.db)).find((t) => t.workflowId === plain)).toMatchObject({
      tool: "lookup_order",
      description: "Looks an order up.",
    });
    // a workflow exposed by its graph's settings can be withdrawn without publishing
    await setMcpExposure(h.db, quote, { expose: false, toolName: "", description: "" }, "u-1");
    expect(await names()).not.toContain("quote");
    expect(await getMcpExposure(h.db, quote)).toMatchObject({ expose: false, tool: null });
    await setMcpExposure(h.db, quote, { expose: true, toolName: "quote", description: "Quotes twice the amount." }, "u-1");
    expect(await names()).toContain("quote");
    await expect(setMcpExposure(h.db, plain, { expose: true, toolName: "get_run", description: "" }, "u-1")).rejects.toMatchObject({
      code: "validation_failed",
    });
    const audit = await h.db.sql.all<{ data: string }>(
      `SELECT "data" FROM "AuditEvent" WHERE "action"='workflow.mcp_exposure_changed' AND "targetId"=?`,
      [plain],
    );
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([
      { before: null, after: { expose: true, toolName: "lookup_order", description: "Looks an order up." } },
    ]);
  });
});
