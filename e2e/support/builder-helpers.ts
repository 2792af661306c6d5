// Helpers for the workflow builder E2E: canvas locators, handle-to-handle connections and small
// API shortcuts to set up workflows (each test builds its own fixture flows).
import { expect, type APIRequestContext, type Locator, type Page } from "@playwright/test";

export const canvasNodes = (page: Page): Locator => page.locator(".react-flow__node");
export const canvasEdges = (page: Page): Locator => page.locator(".react-flow__edge");

/** The canvas node whose title is exactly `name`. */
export function canvasNode(page: Page, name: string): Locator {
  return canvasNodes(page).filter({ has: page.locator('[data-slot="base-node-title"]').getByText(name, { exact: true }) });
}

/** Drag from `output` of one node to the input of another. */
export async function connect(page: Page, from: string, output: string, to: string): Promise<void> {
  await canvasNode(page, from).getByLabel(`${output} output`).dragTo(canvasNode(page, to).getByLabel("In input"));
}

/** Start dragging a connection and hover the target's input, leaving the mouse down. */
export async function hoverConnection(page: Page, from: string, output: string, to: string): Promise<void> {
  const source = await canvasNode(page, from).getByLabel(`${output} output`).boundingBox();
  const target = await canvasNode(page, to).getByLabel("In input").boundingBox();
  if (!source || !target) throw new Error("handles not visible");
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
}

export async function expectSaved(page: Page): Promise<void> {
  await expect(page.locator("[data-save-state]")).toHaveAttribute("data-save-state", "saved");
}

export async function openEditor(page: Page, workflowId: string): Promise<void> {
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(`/workflows/${workflowId}`);
  await expect(canvasNodes(page).first()).toBeVisible();
}

export interface GraphNode {
  id: string;
  kind: string;
  name: string;
  position: { x: number; y: number };
  config: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface Graph {
  schemaVersion: 1;
  nodes: GraphNode[];
  edges: { id: string; source: string; sourceHandle: string; target: string; targetHandle: string }[];
}

/** Start → one Transform per name → End, laid out left to right. */
export function chainGraph(
  transforms: { id: string; name: string; expression?: string }[],
  inputSchema: object = { type: "object", properties: {} },
): Graph {
  const nodes: GraphNode[] = [
    { id: "start", kind: "start", name: "Start", position: { x: 0, y: 0 }, config: { inputSchema } },
    ...transforms.map((t, i) => ({
      id: t.id,
      kind: "transform",
      name: t.name,
      position: { x: 320 * (i + 1), y: 0 },
      config: { expression: t.expression ?? "$.input" },
    })),
    { id: "end", kind: "end", name: "End", position: { x: 320 * (transforms.length + 1), y: 0 }, config: { output: "$.input" } },
  ];
  const ids = nodes.map((n) => n.id);
  const edges = ids.slice(1).map((target, i) => ({ id: `e${i}`, source: ids[i], sourceHandle: "out", target, targetHandle: "in" }));
  return { schemaVersion: 1, nodes, edges };
}

export async function createWorkflow(api: APIRequestContext, name: string, graph?: Graph): Promise<string> {
  const res = await api.post("/api/v1/workflows", { data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  const id = ((await res.json()) as { workflow: { id: string } }).workflow.id;
  if (graph) await saveDraft(api, id, graph);
  return id;
}

export async function getDraft(api: APIRequestContext, id: string): Promise<{ graph: Graph; revision: number }> {
  const res = await api.get(`/api/v1/workflows/${id}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { workflow: { draft: { graph: Graph; revision: number } } }).workflow.draft;
}

export async function saveDraft(api: APIRequestContext, id: string, graph: Graph): Promise<void> {
  const { revision } = await getDraft(api, id);
  const res = await api.patch(`/api/v1/workflows/${id}`, { data: { graph, expectedRevision: revision } });
  expect(res.status(), await res.text()).toBe(200);
}

export async function publish(api: APIRequestContext, id: string, message: string): Promise<number> {
  const res = await api.post(`/api/v1/workflows/${id}/publish`, { data: { message } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { version: { version: number } }).version.version;
}
