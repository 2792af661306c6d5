// Which per-frame work of the auto-pan drag grows with the graph: the same drag past the canvas's
// right edge (as bench:canvas drags it) at two sizes, with V8's sampling profiler (CDP Profiler,
// 200 µs) on the page: JavaScript self samples per function divided by the frames of the drag, and
// how many cards the drag mounted. Samples per frame, not wall clock: the ratio between the sizes
// says what scales with N even on a loaded machine. Function names are minified: look them up at
// the printed chunk offset. Needs a running server with a build (e.g. `next start`):
//   BASE=http://localhost:3170 SIZES=250,1000 REPS=2 npx tsx --conditions=react-server bench/canvas/autopan-profile.ts
// Prints the table on stderr and one JSON line on stdout (with the load average).
import { loadavg } from "node:os";
import { chromium, type Page } from "playwright";
import { dragStart } from "./drag-start";
import { syntheticGraph } from "./synthetic-graph";

const base = process.env.BASE!;
const sizes = (process.env.SIZES ?? "250,1000").split(",").map(Number);
const admin = { name: "Prof Admin", email: "prof-admin@example.com", password: "prof-password-123456" };

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; hitCount: number; children?: number[] }

async function main() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.request.post(`${base}/api/setup`, { data: admin });
  await context.request.post(`${base}/api/auth/sign-in/email`, { data: { email: admin.email, password: admin.password }, headers: { origin: base } });
  const results: Record<number, { frames: number; total: number; self: Map<string, number> }> = {};
  for (const n of sizes) {
    const { workflow } = (await (await context.request.post(`${base}/api/v1/workflows`, { data: { name: `Prof ${n}` }, headers: { origin: base } })).json()) as { workflow: { id: string } };
    const detail = (await (await context.request.get(`${base}/api/v1/workflows/${workflow.id}`)).json()) as { workflow: { draft: { revision: number } } };
    const r = await context.request.patch(`${base}/api/v1/workflows/${workflow.id}`, { data: { graph: syntheticGraph(n), expectedRevision: detail.workflow.draft.revision }, headers: { origin: base } });
    if (!r.ok()) throw new Error(await r.text());
    const page = await context.newPage();
    const acc = { frames: 0, total: 0, self: new Map<string, number>() };
    for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) {
      await page.goto(`${base}/workflows/${workflow.id}`);
      await page.locator(".react-flow__node").first().waitFor();
      await page.waitForTimeout(1500);
      await profileDrag(page, acc);
    }
    results[n] = acc;
    await page.close();
  }
  await browser.close();
  const perFrame = (r: { frames: number; total: number }) => Math.round((r.total / r.frames) * 100) / 100;
  const [a, b] = sizes;
  const ra = results[a], rb = results[b];
  console.error(`frames ${a}: ${ra.frames}, ${b}: ${rb.frames}; samples/frame ${a}: ${(ra.total / ra.frames).toFixed(1)}, ${b}: ${(rb.total / rb.frames).toFixed(1)}`);
  const keys = new Set([...ra.self.keys(), ...rb.self.keys()]);
  const rows = [...keys].map((k) => ({ k, pa: (ra.self.get(k) ?? 0) / ra.frames, pb: (rb.self.get(k) ?? 0) / rb.frames }));
  rows.sort((x, y) => y.pb - x.pb);
  for (const row of rows.slice(0, Number(process.env.TOP ?? 40))) console.error(`${row.pa.toFixed(2).padStart(7)} ${row.pb.toFixed(2).padStart(7)}  x${(row.pb / Math.max(row.pa, 0.01)).toFixed(1).padStart(5)}  ${row.k}`);
  const line = { scenario: "autopan-profile", nodes: sizes, js_samples_per_frame: sizes.map((n) => perFrame(results[n])), sample_us: 200 };
  process.stdout.write(`${JSON.stringify({ ...line, load_avg_1m: Math.round(loadavg()[0] * 10) / 10 })}\n`);
}

async function profileDrag(page: Page, acc: { frames: number; total: number; self: Map<string, number> }) {
  const start = await dragStart(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.evaluate(`(() => { window.__added = { nodes: 0, edges: 0 }; window.__mo = new MutationObserver((ms) => { for (const m of ms) for (const n of m.addedNodes) { if (n.classList?.contains("react-flow__node")) window.__added.nodes++; if (n.classList?.contains("react-flow__edge")) window.__added.edges++; } }); window.__mo.observe(document.querySelector(".react-flow__viewport"), { childList: true, subtree: true }); window.__f = 0; window.__rec = true; const t = () => { if (!window.__rec) return; window.__f++; requestAnimationFrame(t); }; requestAnimationFrame(t); })()`);
  await cdp.send("Profiler.start");
  const edge = start.right + 24;
  for (let i = 0; i < 60; i++) await page.mouse.move(i < 30 ? start.x + ((i + 1) * (edge - start.x)) / 30 : edge + (i % 2), i < 30 ? start.y : start.y + (i - 29));
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: { nodes: ProfileNode[] } };
  const seen = (await page.evaluate(
    `(() => { window.__rec = false; window.__mo.disconnect(); return { frames: window.__f, added: window.__added, nodes: document.querySelectorAll(".react-flow__node").length, edges: document.querySelectorAll(".react-flow__edge").length }; })()`,
  )) as { frames: number; added: { nodes: number; edges: number }; nodes: number; edges: number };
  acc.frames += seen.frames;
  console.error(`drag: ${seen.frames} frames, mounted during the drag ${seen.added.nodes} nodes / ${seen.added.edges} edges, in the DOM at its end ${seen.nodes} nodes / ${seen.edges} edges`);
  await page.mouse.up();
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const file = f.url.split("/").pop() ?? "";
    const key = `${f.functionName || "(anon)"} ${file}:${f.lineNumber}:${f.columnNumber}`;
    if (["(idle)", "(program)", "(garbage collector)"].includes(f.functionName)) continue;
    acc.self.set(key, (acc.self.get(key) ?? 0) + node.hitCount);
    acc.total += node.hitCount;
  }
  await cdp.detach();
}

void main();
