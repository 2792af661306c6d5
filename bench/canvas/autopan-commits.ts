// CPU-independent evidence for the auto-pan drag: React commits and component renders per frame.
// The same drag past the canvas's right edge as bench:canvas, with a stand-in for React DevTools'
// global hook installed before the page loads (React, production builds included, calls
// `onCommitFiberRoot` on every commit). Per commit it walks only the fibers React visited (a child
// list that is the same object as the previous one was skipped) and counts the components whose
// render function ran (React's PerformedWork flag) or that mounted. Counts, not time: the numbers
// hold on a loaded machine. Needs a running server with a build:
//   BASE=http://localhost:3171 NODES=1000 REPS=3 npx tsx --conditions=react-server bench/canvas/autopan-commits.ts
// Prints one JSON line on stdout: medians per frame over the drag's frames and totals per drag.
import { loadavg } from "node:os";
import { chromium } from "playwright";
import { dragStart } from "./drag-start";
import { seedProbeWorkflow } from "./probe-workflow";

const base = process.env.BASE!;
const n = Number(process.env.NODES ?? 1000);
const admin = { name: "Commit Admin", email: "commit-admin@example.com", password: "commit-password-123456" };

// A string, not a function: tsx's keepNames would wrap named inner functions in `__name(...)`.
const HOOK = `(() => {
  const PERFORMED_WORK = 1;
  const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]);
  window.__ap = { rec: false, frame: 0, perFrame: [], byName: {} };
  const nameOf = (f) => {
    const t = f.type;
    const inner = t && (t.type || t.render || t);
    const named = t && (t.displayName || t.name || (inner && (inner.displayName || inner.name)));
    if (named) return named;
    // Anonymous (an arrow function or a minified wrapper): the start of its source names it.
    return typeof inner === "function" ? "anon: " + String(inner).slice(0, 80) : "?";
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      const ap = window.__ap;
      if (!ap.rec) return;
      const slot = (ap.perFrame[ap.frame] ??= { commits: 0, renders: 0, mounts: 0, cards: 0, cardMounts: 0 });
      slot.commits++;
      const stack = [root.current];
      while (stack.length) {
        const f = stack.pop();
        const mounted = f.alternate === null;
        if (COMPONENT_TAGS.has(f.tag) && (mounted || (f.flags & PERFORMED_WORK))) {
          slot.renders++;
          const name = (mounted ? "mount " : "update ") + nameOf(f).slice(0, 60);
          ap.byName[name] = (ap.byName[name] ?? 0) + 1;
          if (mounted) slot.mounts++;
          if (nameOf(f).startsWith("KindNode")) { slot.cards++; if (mounted) slot.cardMounts++; }
        }
        if (f.sibling) stack.push(f.sibling);
        if (f.child && (mounted || f.child !== f.alternate.child)) stack.push(f.child);
      }
    },
  };
})()`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

interface Slot { commits: number; renders: number; mounts: number; cards: number; cardMounts: number }

async function main() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript(HOOK);
  const workflowId = await seedProbeWorkflow(context, base, admin, `Commits ${n}`, n);
  const page = await context.newPage();
  const slots: Slot[] = [];
  const byName = new Map<string, number>();
  const drags: { frames: number; commits: number; renders: number; cards: number; cardMounts: number }[] = [];
  for (let rep = 0; rep < Number(process.env.REPS ?? 3); rep++) {
    await page.goto(`${base}/workflows/${workflowId}`);
    await page.locator(".react-flow__node").first().waitFor();
    await page.waitForTimeout(1500);
    const start = await dragStart(page);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.evaluate(`(() => { const ap = window.__ap; ap.frame = 0; ap.perFrame = []; ap.byName = {}; ap.rec = true; const t = () => { if (!ap.rec) return; ap.frame++; requestAnimationFrame(t); }; requestAnimationFrame(t); })()`);
    const edge = start.right + 24;
    for (let i = 0; i < 60; i++) await page.mouse.move(i < 30 ? start.x + ((i + 1) * (edge - start.x)) / 30 : edge + (i % 2), i < 30 ? start.y : start.y + (i - 29));
    const perFrame = (await page.evaluate(`(() => { window.__ap.rec = false; return window.__ap.perFrame; })()`)) as (Slot | null)[];
    const names = (await page.evaluate(`window.__ap.byName`)) as Record<string, number>;
    for (const [k, v] of Object.entries(names)) byName.set(k, (byName.get(k) ?? 0) + v);
    await page.mouse.up();
    const frames = perFrame.map((s) => s ?? { commits: 0, renders: 0, mounts: 0, cards: 0, cardMounts: 0 });
    slots.push(...frames);
    drags.push({
      frames: frames.length,
      commits: sum(frames.map((s) => s.commits)),
      renders: sum(frames.map((s) => s.renders)),
      cards: sum(frames.map((s) => s.cards)),
      cardMounts: sum(frames.map((s) => s.cardMounts)),
    });
  }
  await browser.close();
  const line = {
    scenario: "autopan-commits",
    nodes: n,
    frames: slots.length,
    commits_per_frame: { median: median(slots.map((s) => s.commits)), p95: p95(slots.map((s) => s.commits)), mean: Math.round((sum(slots.map((s) => s.commits)) / slots.length) * 100) / 100 },
    component_renders_per_frame: { median: median(slots.map((s) => s.renders)), p95: p95(slots.map((s) => s.renders)), mean: Math.round((sum(slots.map((s) => s.renders)) / slots.length) * 10) / 10 },
    card_renders_per_frame: { median: median(slots.map((s) => s.cards)), p95: p95(slots.map((s) => s.cards)) },
    drags,
    // Component renders per frame by name (production names are minified where React Flow or the
    // app sets no displayName), the most frequent first.
    renders_by_component: Object.fromEntries(
      [...byName.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, Number(process.env.TOP ?? 15))
        .map(([k, v]) => [k, Math.round((v / slots.length) * 10) / 10]),
    ),
    load_avg_1m: Math.round(loadavg()[0] * 10) / 10,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
