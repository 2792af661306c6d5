// `npm start`: builds the app when the sources are newer than the last build, then serves it.
// Migrations and the in-process worker start inside the server (instrumentation.ts).
// `npm run dev` (--dev) serves with hot reload instead.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const next = path.join(root, "node_modules/.bin/next");
const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";

const sources = [
  "app",
  "components",
  "lib",
  "generated",
  "instrumentation.ts",
  "next.config.ts",
  "package-lock.json",
  "postcss.config.mjs",
];

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(p)) max = Math.max(max, newestMtime(path.join(p, e)));
  return max;
}

function needsBuild() {
  const buildId = path.join(root, process.env.NEXT_DIST_DIR ?? ".next", "BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return sources.some((s) => newestMtime(path.join(root, s)) > built);
}

if (!dev && needsBuild()) {
  console.log("[switchyard] building the app (first start or changed sources)…");
  const r = spawnSync(next, ["build"], { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    console.error("[switchyard] build failed; see the output above.");
    process.exit(r.status ?? 1);
  }
}

// Production: our server (scripts/serve.mjs) applies the forwarding-header policy in front of Next.
const command = dev ? next : process.execPath;
const args = dev ? ["dev", "-p", port] : [path.join(root, "scripts/serve.mjs")];
const child = spawn(command, args, {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...(dev ? {} : { NODE_ENV: "production", PORT: port }) },
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
