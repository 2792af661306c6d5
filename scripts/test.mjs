// `npm test`: format check (Prettier), lint, type check, Vitest (SQLite, and PostgreSQL when TEST_DATABASE_URL is set),
// a production build, then Playwright in Chromium against it on a fresh database.
// Ends with one line "tests: N passed, N failed, N skipped" summing Vitest and Playwright.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const bin = (n) => path.join(root, "node_modules/.bin", n);
mkdirSync(path.join(root, "tmp"), { recursive: true });

const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const want = (step) => only.length === 0 || only.includes(step);
const timings = [];

function step(name, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${name}: ${[path.basename(cmd), ...args].join(" ")}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...extraEnv } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  timings.push(`${name} ${secs}s`);
  return r.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

let ok = true;
const counts = { passed: 0, failed: 0, skipped: 0 };

if (process.env.CI === "true" && !process.env.TEST_DATABASE_URL) {
  console.error("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI.");
  process.exit(1);
}

if (want("format")) ok = step("format", bin("prettier"), ["--check", "."]) && ok;
if (want("lint")) ok = step("lint", bin("eslint"), ["--max-warnings=0", "."]) && ok;
if (want("types")) ok = step("types", bin("tsc"), ["--noEmit", "-p", "."]) && ok;
if (want("unit")) {
  const out = path.join(root, "tmp/vitest.json");
  ok = step("vitest", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]) && ok;
  const r = readJson(out);
  if (r) {
    counts.passed += r.numPassedTests ?? 0;
    counts.failed += r.numFailedTests ?? 0;
    counts.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } else counts.failed += 1;
}
if (want("e2e")) {
  const built = step("build", bin("next"), ["build"]);
  ok = built && ok;
  if (built) {
    const out = path.join(root, "tmp/playwright.json");
    ok = step("playwright", bin("playwright"), ["test"], { PLAYWRIGHT_JSON_OUTPUT_NAME: out }) && ok;
    const r = readJson(out);
    if (r?.stats) {
      counts.passed += r.stats.expected ?? 0;
      counts.failed += (r.stats.unexpected ?? 0) + (r.stats.flaky ?? 0);
      counts.skipped += r.stats.skipped ?? 0;
    } else counts.failed += 1;
  }
}

console.log(`\ntimings: ${timings.join(", ")}`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
if (!existsSync(path.join(root, "node_modules"))) console.error("node_modules missing: run npm install first.");
process.exit(ok ? 0 : 1);
