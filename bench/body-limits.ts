// Chunked 100 MB request bodies (no Content-Length) against a production server, one route of each
// family: the server must answer 413 (or refuse before reading) and its RSS must stay within 50 MB of
// the baseline. Prints one JSON line per route and a summary, with the load average.
// Needs a build: `NEXT_DIST_DIR=.next-x npx next build`, then `NEXT_DIST_DIR=.next-x npx tsx bench/body-limits.ts`.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";

const port = Number(process.env.BENCH_PORT ?? 3108);
const base = `http://127.0.0.1:${port}`;
const MB = 1024 * 1024;
const round = (n: number) => Math.round(n * 10) / 10;

function rssOfTree(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += m ? Number(m[1]) : 0;
      for (const t of readdirSync(`/proc/${p}/task`)) {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        for (const k of kids ? kids.split(/\s+/) : []) visit(Number(k));
      }
    } catch {
      /* the process ended */
    }
  };
  visit(pid);
  return kb * 1024;
}

async function waitHealthy(deadlineMs: number): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadlineMs) throw new Error("server did not become healthy");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Streams up to `total` bytes chunked; stops when the server answers. Resolves with the status and bytes sent. */
function chunkedPost(urlPath: string, headers: Record<string, string>, total: number): Promise<{ status: number; sentMb: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    const req = http.request(`${base}${urlPath}`, { method: "POST", headers: { "content-type": "application/json", ...headers } });
    const timer = setTimeout(() => req.destroy(new Error("timeout")), 60_000);
    req.on("response", (res) => {
      answered = true;
      res.resume();
      res.on("end", () => {
        clearTimeout(timer);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, sentMb: round(sent / MB) });
      });
    });
    // The server may close the connection once it has answered, while we are still writing: a reset
    // before the response was parsed counts as "cut off" (status 0), not as a failure of the bench.
    req.on("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (answered) return;
      if (e.code === "ECONNRESET" || e.code === "EPIPE") resolve({ status: 0, sentMb: round(sent / MB) });
      else reject(e);
    });
    req.write('{"x":"');
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end('"}');
    };
    pump();
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "switchyard-body-bench-"));
  const server = spawn(path.join(process.cwd(), "node_modules/.bin/next"), ["start", "-p", String(port)], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `file:${path.join(dir, "bench.db")}`,
      SWITCHYARD_SECRET_KEY_FILE: path.join(dir, "secret.key"),
      SWITCHYARD_SIGNIN_RATE_LIMIT: "10000",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitHealthy(Date.now() + 120_000);
    const origin = { origin: base, host: `127.0.0.1:${port}` };
    const setup = await fetch(`${base}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json", ...origin },
      body: JSON.stringify({ name: "Admin", email: "admin@bench.test", password: "password123" }),
    });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
    const signIn = await fetch(`${base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", ...origin },
      body: JSON.stringify({ email: "admin@bench.test", password: "password123" }),
    });
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const authed = { ...origin, cookie };
    const routes: [string, string, Record<string, string>][] = [
      ["auth sign-in (no account)", "/api/auth/sign-in/email", origin],
      ["setup (already set up)", "/api/setup", origin],
      ["v1 without a session", "/api/v1/workflows", origin],
      ["v1 workflows create", "/api/v1/workflows", authed],
      ["v1 workflow import (4 MiB)", "/api/v1/workflows/import", authed],
      ["v1 runs start", "/api/v1/runs", authed],
      ["v1 users create", "/api/v1/users", authed],
    ];
    // Warm every route once so code loading is not counted as growth.
    for (const [, p, h] of routes) await chunkedPost(p, h, 2 * MB);
    global.gc?.();
    const baseline = rssOfTree(server.pid!);
    let peak = baseline;
    const poll = setInterval(() => (peak = Math.max(peak, rssOfTree(server.pid!))), 50);
    let worst = 0;
    for (const [name, p, h] of routes) {
      const before = peak;
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await chunkedPost(p, h, 100 * MB));
      const growth = (Math.max(peak, rssOfTree(server.pid!)) - baseline) / MB;
      worst = Math.max(worst, growth);
      console.log(
        JSON.stringify({
          scenario: "chunked-100mb",
          route: name,
          statuses: [...new Set(results.map((r) => r.status))],
          max_sent_mb: Math.max(...results.map((r) => r.sentMb)),
          rss_baseline_mb: round(baseline / MB),
          rss_growth_mb: round(growth),
          peak_before_route_mb: round(before / MB),
          load_avg_1m: round(loadavg()[0]),
        }),
      );
    }
    clearInterval(poll);
    console.log(
      JSON.stringify({
        scenario: "chunked-100mb-summary",
        rss_growth_mb: round(worst),
        within_50mb: worst <= 50,
        load_avg_1m: round(loadavg()[0]),
      }),
    );
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
