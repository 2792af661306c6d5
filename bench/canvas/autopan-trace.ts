// Where the main-thread time of the auto-pan drag's heaviest frames goes: the same drag past the
// canvas's right edge as bench:canvas, under a Chromium trace and V8's sampling profiler (200 µs) at
// once. For the frames at or above the p90 of frame work: the summed (inclusive) duration of each
// trace event name on the main thread, and the JavaScript self samples per function ("(program)" is
// the renderer's own work: style, layout, paint). MODE=pan drags the empty pane left 15 px a step
// instead (React Flow's auto-pan speed): the same cards come into view without a node being dragged.
// INJECT_CSS adds a style sheet before the drag, to try a CSS change without a build. Wall clock, and
// tracing adds overhead: compare variants back to back. Needs a running server with a build:
//   BASE=http://localhost:3170 NODES=1000 REPS=3 npx tsx --conditions=react-server bench/canvas/autopan-trace.ts
// Prints the tables on stderr and one JSON line on stdout (with the load average).
import { loadavg } from "node:os";
import { chromium } from "playwright";
import { dragStart } from "./drag-start";
import { seedProbeWorkflow } from "./probe-workflow";
import { frameWork, type TraceEvent } from "./trace-frames";

const base = process.env.BASE!;
const n = Number(process.env.NODES ?? 1000);
const admin = { name: "Trace Admin", email: "trace-admin@example.com", password: "trace-password-123456" };
const CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "toplevel", "blink.user_timing", "v8"];

interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; columnNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

async function main() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const workflowId = await seedProbeWorkflow(context, base, admin, `Trace ${n}`, n);
  const page = await context.newPage();
  const totals = new Map<string, number>();
  const jsSelf = new Map<string, number>();
  const allWork: number[] = [];
  let heavy = 0;
  for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) {
    await page.goto(`${base}/workflows/${workflowId}`);
    await page.locator(".react-flow__node").first().waitFor();
    if (process.env.INJECT_CSS) await page.addStyleTag({ content: process.env.INJECT_CSS });
    await page.waitForTimeout(1500);
      const start = await dragStart(page);
    if (process.env.MODE === "pan") {
      const free = await page.evaluate(() => {
        const pane = document.querySelector(".react-flow__pane")!;
        const b = pane.getBoundingClientRect();
        for (let fy = 0.2; fy <= 0.8; fy += 0.02)
          for (let fx = 0.95; fx >= 0.6; fx -= 0.01) {
            const x = b.left + b.width * fx, y = b.top + b.height * fy;
            if (document.elementFromPoint(x, y) === pane) return { x, y };
          }
        return null;
      });
      if (!free) throw new Error("no empty pane point");
      Object.assign(start, { x: free.x, y: free.y + 60 });
      await page.mouse.move(start.x, start.y - 60);
    } else await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await browser.startTracing(page, { categories: CATEGORIES });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
    await cdp.send("Profiler.start");
    await page.evaluate(`(() => { window.__rec = true; const t = () => { if (!window.__rec) return; requestAnimationFrame(t); }; requestAnimationFrame(t); performance.mark("ap-start"); })()`);
    const edge = start.right + 24;
    // MODE=pan: the pane dragged left 15 px a step (React Flow's auto-pan speed), no node moving:
    // the same cards come into view without the drag's controlled-nodes cycle on every frame.
    if (process.env.MODE === "pan") for (let i = 0; i < 120; i++) await page.mouse.move(start.x - (i + 1) * 15, start.y - 60);
    else for (let i = 0; i < 60; i++) await page.mouse.move(i < 30 ? start.x + ((i + 1) * (edge - start.x)) / 30 : edge + (i % 2), i < 30 ? start.y : start.y + (i - 29));
    await page.evaluate(`(() => { performance.mark("ap-end"); window.__rec = false; })()`);
    const { profile } = (await cdp.send("Profiler.stop")) as { profile: Profile };
    await cdp.detach();
    const events = (JSON.parse((await browser.stopTracing()).toString("utf8")) as { traceEvents: TraceEvent[] }).traceEvents;
    await page.mouse.up();
    const work = frameWork(events, "ap-start", "ap-end");
    allWork.push(...work);
    const mark = events.find((e) => e.name === "ap-start")!;
    const frames = events
      .filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.name === "FireAnimationFrame")
      .map((e) => e.ts)
      .sort((a, b) => a - b);
    const sorted = [...work].sort((a, b) => a - b);
    const p90 = sorted[Math.floor(sorted.length * 0.9)];
    // Frame i of `work` spans boundary i → i+1 (boundaries: FireAnimationFrame clusters after the mark).
    const bounds: number[] = [];
    for (const t of frames) if (t >= mark.ts && (bounds.length === 0 || t - bounds[bounds.length - 1] > 4000)) bounds.push(t);
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const sampleAt: number[] = [];
    let t = profile.startTime;
    for (const d of profile.timeDeltas) sampleAt.push((t += d));
    work.forEach((w, i) => {
      if (w < p90) return;
      heavy++;
      profile.samples.forEach((id, k) => {
        if (sampleAt[k] < bounds[i] || sampleAt[k] >= bounds[i + 1]) return;
        const f = byId.get(id)!.callFrame;
        const key = `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.columnNumber}`;
        jsSelf.set(key, (jsSelf.get(key) ?? 0) + 1);
      });
      for (const e of events) {
        if (e.pid !== mark.pid || e.tid !== mark.tid || e.ph !== "X" || e.dur === undefined) continue;
        if (e.ts < bounds[i] || e.ts >= bounds[i + 1]) continue;
        totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
      }
    });
  }
  await browser.close();
  const sorted = [...allWork].sort((a, b) => a - b);
  const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30);
  console.error(`frames ${allWork.length}, p50 ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)].toFixed(1)} ms; per heavy frame (${heavy}):`);
  for (const [name, ms] of rows) console.error(`${(ms / heavy).toFixed(2).padStart(8)} ms  ${name}`);
  console.error("JavaScript self samples (200 µs) per heavy frame:");
  for (const [k, c] of [...jsSelf.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 30))) console.error(`${(c / heavy).toFixed(2).padStart(8)}  ${k}`);
  const line = { scenario: "autopan-trace", nodes: n, frames: allWork.length, work_p95_ms: sorted[Math.floor(sorted.length * 0.95)], heavy_frames: heavy, per_heavy_frame_ms: Object.fromEntries(rows.slice(0, 12).map(([k, v]) => [k, Math.round((v / heavy) * 100) / 100])) };
  process.stdout.write(`${JSON.stringify({ ...line, load_avg_1m: Math.round(loadavg()[0] * 10) / 10 })}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
