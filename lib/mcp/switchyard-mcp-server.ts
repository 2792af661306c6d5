// Switchyard as an MCP server (POST /api/v1/mcp, streamable HTTP, stateless: a fresh SDK Server per
// request, no session). The caller is the API key's (or session's) user, with the key's workflow scope:
//   - every workflow exposed as a tool (lib/mcp/mcp-exposed-tools.ts: the workflow's exposure setting,
//     else its LIVE version's settings.mcp; input schema: the live Start node's input schema). A call starts a run as the
//     caller (the same start checks as POST /api/v1/runs) and waits up to MCP_RUN_WAIT_MS for it to
//     end, sending progress notifications when the client asked for them; the result is the run's
//     output, or a run handle ({runId, status}) when it is still going (poll with get_run);
//   - get_run {runId}: the run's status and output or error;
//   - with SWITCHYARD_MCP_INBOX_TOOLS, list_tasks and decide_task: the caller's inbox, decided through
//     the same decideTask as the inbox (rights, separation of duties, claims, payload edits).
// Tools the caller's role or key scope does not allow are not listed and refused when called.
import "server-only";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { AppContext } from "@/lib/server/app-context";
import type { SessionUser } from "@/lib/auth/session";
import type { KeyScope } from "@/lib/api/key-scope";
import { permissions } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors/domain-error";
import { selectMcpCandidates } from "@/lib/db/mcp-exposed-read";
import { decideTask, startRun } from "@/lib/engine/run-service";
import { isActiveRun } from "@/lib/model/vocabulary";
import { listTasks } from "@/lib/inbox/list-tasks";
import { principalWithDelegations } from "@/lib/inbox/delegation";
import { taskListQuery } from "@/lib/inbox/task-list-params";
import { exposedTools, type ExposedWorkflow } from "@/lib/mcp/mcp-exposed-tools";

/** How long a workflow tool call waits for its run before answering with a run handle. */
export const MCP_RUN_WAIT_MS = 10_000;
const POLL_MS = 25;
const PROGRESS_EVERY_MS = 1000;

export interface McpCaller {
  app: AppContext;
  user: SessionUser;
  scope: KeyScope;
}

const may = (perm: keyof typeof permissions, user: SessionUser) => (permissions[perm] as readonly string[]).includes(user.role);

async function exposedWorkflows(c: McpCaller): Promise<ExposedWorkflow[]> {
  if (!may("runs:start", c.user)) return [];
  return exposedTools(await selectMcpCandidates(c.app.db.sql), (id) => c.scope.allows(id));
}

const text = (value: unknown, isError = false): CallToolResult => ({
  content: [{ type: "text", text: JSON.stringify(value) }],
  ...(value && typeof value === "object" && !Array.isArray(value) ? { structuredContent: value as Record<string, unknown> } : {}),
  ...(isError ? { isError: true } : {}),
});

function runView(run: { id: string; status: string; output: unknown; error: unknown }) {
  return isActiveRun(run.status)
    ? { runId: run.id, status: run.status, message: "The run has not ended yet: poll it with get_run." }
    : {
        runId: run.id,
        status: run.status,
        ...(run.status === "succeeded" ? { output: run.output ?? null } : { error: run.error ?? null }),
      };
}

const getRunArgs = z.strictObject({ runId: z.string().min(1).max(200) });
const decideArgs = z.strictObject({
  taskId: z.string().min(1).max(200),
  decision: z.enum(["approve", "reject"]),
  comment: z.string().max(10_000).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
});

function staticTools(c: McpCaller): Tool[] {
  const tools: Tool[] = [];
  if (may("runs:read", c.user)) {
    tools.push({
      name: "get_run",
      description: "The status of a run started by a workflow tool, with its output once it has ended.",
      inputSchema: { type: "object", properties: { runId: { type: "string" } }, required: ["runId"] },
    });
  }
  if (c.app.env.SWITCHYARD_MCP_INBOX_TOOLS && may("tasks:decide", c.user)) {
    tools.push(
      {
        name: "list_tasks",
        description: "Open inbox tasks you may decide (approvals, tool approvals, escalations), oldest first.",
        inputSchema: {
          type: "object",
          properties: { workflowId: { type: "string" }, limit: { type: "integer", minimum: 1, maximum: 100 } },
        },
      },
      {
        name: "decide_task",
        description: "Approve or reject an inbox task, with a comment and (where the task allows) edited payload values.",
        inputSchema: {
          type: "object",
          properties: {
            taskId: { type: "string" },
            decision: { type: "string", enum: ["approve", "reject"] },
            comment: { type: "string" },
            payload: { type: "object" },
          },
          required: ["taskId", "decision"],
        },
      },
    );
  }
  return tools;
}

async function waitForRun(
  c: McpCaller,
  runId: string,
  progress: ((n: number) => Promise<void>) | null,
  signal: AbortSignal,
): Promise<{ id: string; status: string; output: unknown; error: unknown }> {
  const deadline = Date.now() + MCP_RUN_WAIT_MS;
  let nextProgress = Date.now() + PROGRESS_EVERY_MS;
  let n = 0;
  for (;;) {
    const run = await c.app.engine.store.getRun(runId);
    if (!run) throw new DomainError("not_found", "Run not found.");
    if (!isActiveRun(run.status) || Date.now() >= deadline || signal.aborted) return run;
    if (progress && Date.now() >= nextProgress) {
      nextProgress = Date.now() + PROGRESS_EVERY_MS;
      await progress(++n);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function callTool(
  c: McpCaller,
  name: string,
  args: Record<string, unknown>,
  extra: { signal: AbortSignal; progress: ((n: number) => Promise<void>) | null },
): Promise<CallToolResult> {
  try {
    if (name === "get_run" && may("runs:read", c.user)) {
      const a = getRunArgs.parse(args);
      await c.scope.require({ runId: a.runId });
      const run = await c.app.engine.store.getRun(a.runId);
      if (!run) return text({ error: "Run not found." }, true);
      return text(runView(run));
    }
    if (c.app.env.SWITCHYARD_MCP_INBOX_TOOLS && may("tasks:decide", c.user)) {
      if (name === "list_tasks") {
        const db = c.app.db.sql;
        const now = await db.now();
        const query = taskListQuery.parse({ sort: "oldest", ...args });
        const page = await listTasks(db, now, await principalWithDelegations(db, c.user, now), query);
        return text({ tasks: page.tasks, total: page.total });
      }
      if (name === "decide_task") {
        const a = decideArgs.parse(args);
        const decided = await decideTask(c.app.engine, {
          taskId: a.taskId,
          userId: c.user.id,
          userRoles: [c.user.role],
          decision: a.decision,
          comment: a.comment,
          payload: a.payload,
        });
        return text(decided);
      }
    }
    const wf = (await exposedWorkflows(c)).find((w) => w.tool === name);
    if (!wf) return text({ error: `Unknown tool "${name}"` }, true);
    const run = await startRun(c.app.engine, {
      workflowId: wf.workflowId,
      input: args,
      initiatorId: c.user.id,
      initiatorRole: c.user.role,
      trigger: "api",
    });
    const ended = await waitForRun(c, run.id, extra.progress, extra.signal);
    const view = runView(ended);
    return text(view, ended.status !== "succeeded" && !isActiveRun(ended.status));
  } catch (e) {
    if (e instanceof z.ZodError)
      return text({ error: `Invalid arguments: ${e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` }, true);
    if (e instanceof DomainError) return text({ error: e.message, code: e.code }, true);
    throw e;
  }
}

/** Answers one MCP request (JSON-RPC over streamable HTTP) for the caller. */
export async function handleMcpRequest(req: Request, c: McpCaller): Promise<Response> {
  const server = new Server({ name: "switchyard", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [
      ...(await exposedWorkflows(c)).map((w): Tool => ({
        name: w.tool,
        description: w.description,
        inputSchema: w.inputSchema as Tool["inputSchema"],
      })),
      ...staticTools(c),
    ],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (r, extra) => {
    const token = r.params._meta?.progressToken;
    const progress =
      token === undefined
        ? null
        : (n: number) =>
            extra.sendNotification({
              method: "notifications/progress",
              params: { progressToken: token, progress: n, message: "The run is still going" },
            });
    return callTool(c, r.params.name, r.params.arguments ?? {}, { signal: extra.signal, progress });
  });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  return transport.handleRequest(req);
}
