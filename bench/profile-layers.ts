// Where a burst's CPU went, by layer: the self time of a V8 CPU profile of the server, cut to one burst
// and grouped by the layer of the frame that was running (Next.js, Node's HTTP stack, web streams,
// socket writes, AsyncLocalStorage, the database driver, our routes, our edge). docs/security.md
// ("Bursts") quotes its tables.
//
//   BURST_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" BURST_DB=sqlite \
//     npm run bench:burst -- burst-inbox 2> /tmp/windows.txt
//   npx tsx bench/profile-layers.ts /tmp/prof/<largest>.cpuprofile /tmp/windows.txt [burst]
//
// The bench writes one "burst window (monotonic µs): FROM TO" line per burst to stderr; burst-inbox
// runs three: 0 the 50-task lists, 1 GET /api/health, 2 one-task lists (default: all). The largest
// profile is the main thread's. The profiler itself adds to the CPU; compare shares, not milliseconds.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const LAYERS: [string, (url: string, fn: string) => boolean][] = [
  ["garbage collection", (_u, f) => f === "(garbage collector)"],
  ["socket writes (system calls)", (_u, f) => ["writeUtf8String", "writev", "writeBuffer", "writeLatin1String"].includes(f)],
  ["database driver", (u, f) => /allSync|getSync|runSync/.test(f) || /node_modules\/(pg|pg-protocol|better-sqlite3)\//.test(u)],
  ["web streams (the Response body piped into Node's response)", (u) => u.includes("webstreams")],
  ["undici Request, Response, Headers", (u) => u.includes("undici")],
  ["AsyncLocalStorage and async hooks", (u) => u.includes("async_hooks")],
  ["promise jobs", (u, f) => f === "runMicrotasks" || u.includes("task_queues")],
  ["our edge (scripts/*.mjs)", (u) => /\/scripts\/[\w-]+\.mjs$/.test(u)],
  // Frames in the build's chunks are named by their source (bundled-source: below): Next bundles
  // its route template and adapters into the same chunks as our routes.
  ["Next.js (routing, route runtime, request and response adapters)", (u) => /node_modules\/next\//.test(u)],
  ["other packages", (u) => /node_modules\//.test(u)],
  ["our routes and lib (app bundle)", (u) => u.startsWith("bundled-source:")],
  [
    "Node's HTTP, net, streams, events, URL",
    (u) => /^node:(_http|net|stream|events|url|internal\/(streams|stream_base|http|net|url|events|event_target|abort))/.test(u),
  ],
  ["other Node internals", (u) => u.startsWith("node:")],
];

const maps = new Map<string, SourceMap | null>();

/** A frame in one of the build's chunks, named by the source file it was compiled from (its source map). */
function sourceOf(frame: ProfileNode["callFrame"]): string {
  const { url } = frame;
  if (!/\/\.next[^/]*\/server\/.*\.js$/.test(url)) return url;
  const file = url.startsWith("file:") ? fileURLToPath(url) : url;
  if (!maps.has(file)) {
    maps.set(file, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")) as never) : null);
  }
  const entry = maps.get(file)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string } | undefined;
  const source = entry?.originalSource;
  if (!source) return url;
  return source.includes("node_modules/") ? source : `bundled-source:${source}`;
}

function main(): void {
  const [file, windowsFile, only] = process.argv.slice(2);
  if (!file || !windowsFile) throw new Error("usage: profile-layers.ts PROFILE WINDOWS [burst]");
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const windows = [...readFileSync(windowsFile, "utf8").matchAll(/burst window \(monotonic µs\): (\d+) (\d+)/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
  const chosen = only === undefined ? windows : [windows[Number(only)]].filter(Boolean);
  if (!chosen.length) throw new Error("no burst window in that file");
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const layerMs = new Map<string, number>();
  let busy = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    if (!chosen.some(([a, b]) => t >= a && t <= b)) continue;
    const frame = byId.get(p.samples[i])!.callFrame;
    const { functionName } = frame;
    const url = sourceOf(frame);
    if (functionName === "(idle)") continue;
    const us = p.timeDeltas[i + 1] ?? 0;
    const layer = LAYERS.find(([, test]) => test(url, functionName))?.[0] ?? "native and other";
    layerMs.set(layer, (layerMs.get(layer) ?? 0) + us / 1000);
    busy += us / 1000;
  }
  console.log(`busy ${Math.round(busy)} ms in ${chosen.length} burst(s)`);
  for (const [layer, ms] of [...layerMs].sort((a, b) => b[1] - a[1])) {
    console.log(`${((100 * ms) / busy).toFixed(1).padStart(5)} %  ${layer}`);
  }
}

main();
