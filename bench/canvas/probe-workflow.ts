// What the auto-pan probes (autopan-trace.ts, autopan-commits.ts) start from: a signed-in browser
// context at 1440 × 900 on a running server and a workflow whose draft is the synthetic graph.
import type { BrowserContext } from "playwright";
import { syntheticGraph } from "./synthetic-graph";

/** Sets the server up (ignored when it already is), signs `admin` in and seeds an `n`-node workflow; returns its id. */
export async function seedProbeWorkflow(
  context: BrowserContext,
  base: string,
  admin: { name: string; email: string; password: string },
  name: string,
  n: number,
): Promise<string> {
  await context.request.post(`${base}/api/setup`, { data: admin });
  await context.request.post(`${base}/api/auth/sign-in/email`, { data: { email: admin.email, password: admin.password }, headers: { origin: base } });
  const { workflow } = (await (await context.request.post(`${base}/api/v1/workflows`, { data: { name }, headers: { origin: base } })).json()) as { workflow: { id: string } };
  const detail = (await (await context.request.get(`${base}/api/v1/workflows/${workflow.id}`)).json()) as { workflow: { draft: { revision: number } } };
  const r = await context.request.patch(`${base}/api/v1/workflows/${workflow.id}`, { data: { graph: syntheticGraph(n), expectedRevision: detail.workflow.draft.revision }, headers: { origin: base } });
  if (!r.ok()) throw new Error(await r.text());
  return workflow.id;
}
