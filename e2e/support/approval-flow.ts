// A published one-approval workflow and runs that reach it, set up through the API (shared by the
// phone-size and small-defect specs).
import type { APIRequestContext } from "@playwright/test";
import { expect } from "./fixtures";
import { createWorkflow, publish, type Graph } from "./builder-helpers";

function approvalGraph(title: string, allowBulk: boolean): Graph {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema: { type: "object", properties: {} } } },
      {
        id: "review",
        kind: "approval",
        name: title,
        position: { x: 320, y: 0 },
        config: {
          assignees: { users: [], roles: ["reviewer"] },
          instructions: "Check the **refund** for {{ $.input.customer }} against the invoice and the order history below.",
          payload: "$.input",
          quorum: 1,
          rejectionPolicy: "any_rejects",
          separationOfDuties: false,
          escalation: [],
          allowBulk,
        },
      },
      { id: "end", kind: "end", name: "End", position: { x: 640, y: 0 }, config: { output: `$.steps.\`${title}\`.output` } },
    ],
    edges: [
      { id: "e1", source: "start", sourceHandle: "out", target: "review", targetHandle: "in" },
      { id: "e2", source: "review", sourceHandle: "approved", target: "end", targetHandle: "in" },
      { id: "e3", source: "review", sourceHandle: "rejected", target: "end", targetHandle: "in" },
    ],
  };
}

let seq = 0;
export async function approvalWorkflow(
  api: APIRequestContext,
  prefix: string,
  { allowBulk = false }: { allowBulk?: boolean } = {},
): Promise<{ workflowId: string; title: string }> {
  const title = `${prefix} ${Date.now().toString(36)}${++seq}`;
  const workflowId = await createWorkflow(api, `Refunds ${title}`, approvalGraph(title, allowBulk));
  await publish(api, workflowId, "e2e");
  return { workflowId, title };
}

/** A long proposal: a phone shows it over several screens. */
export function longInput(customer: string): Record<string, unknown> {
  return {
    customer,
    amount: 240,
    reason: "Parcel arrived damaged; the customer sent photos of the box and of the broken item inside it.",
    orders: Array.from({ length: 25 }, (_, i) => ({ id: `ORD-${1000 + i}`, total: 20 + i, status: i % 3 ? "delivered" : "returned" })),
  };
}

export async function startRun(api: APIRequestContext, workflowId: string, input: Record<string, unknown>): Promise<string> {
  const res = await api.post("/api/v1/runs", { data: { workflowId, input } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { run: { id: string } }).run.id;
}

export async function runStatus(api: APIRequestContext, runId: string): Promise<string> {
  const res = await api.get(`/api/v1/runs/${runId}`, { headers: { connection: "close" } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { run: { status: string } }).run.status;
}

export async function taskOf(api: APIRequestContext, runId: string): Promise<string> {
  let id = "";
  await expect
    .poll(async () => {
      const res = await api.get(`/api/v1/runs/${runId}`, { headers: { connection: "close" } });
      const tasks = ((await res.json()) as { tasks: { id: string }[] }).tasks;
      id = tasks[0]?.id ?? "";
      return tasks.length;
    })
    .toBe(1);
  return id;
}
