// A/B of two trees on the same machine, rounds alternating A, B, A, B … so load drifts hit both:
//   tsx bench/compare.ts <scenario> [--a <tree>] [--b <tree>] [--rounds N] [--iter N]
// scenario: inbox (the inbox list), runs (the run list), chain or resume (the engine, SQLite, telemetry
// off), all from bench/parity-probe.ts. --a defaults to /work/wt/base588 (a worktree of
// 588e991: `git worktree add /work/wt/base588 588e991`, node_modules hard-linked, `npm run db:generate`),
// --b to this tree. Each probe round runs in a fresh process on a database file seeded once per tree
// (/tmp/parity-<tree>-<scenario>.db; delete it to reseed). Prints one JSON line per round and then,
// per tree and operation, the medians over rounds of every number (CPU per operation is the figure a
// loaded machine disturbs least), with the load average.
import { spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const args = process.argv.slice(2);
const scenario = args[0];
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const trees = [path.resolve(opt("a", "/work/wt/base588")), path.resolve(opt("b", process.cwd()))];
const rounds = Number(opt("rounds", "5"));
const iter = opt("iter", "100");
const here = path.resolve(import.meta.dirname, "..");

type Row = Record<string, unknown>;

function label(tree: string): string {
  return path.basename(tree);
}

function runIn(tree: string, argv: string[], env: Record<string, string> = {}): Row[] {
  const r = spawnSync("npx", ["tsx", "--conditions=react-server", ...argv], {
    cwd: tree,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${tree}: ${argv.join(" ")} exited ${r.status}\n${r.stderr}`);
  return r.stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Row);
}

function round(tree: string, iterations: string): Row[] {
  if (tree !== here) copyFileSync(path.join(here, "bench", "parity-probe.ts"), path.join(tree, "bench", "parity-probe.ts"));
  if (scenario === "inbox" || scenario === "runs") {
    return runIn(tree, ["bench/parity-probe.ts", scenario, `/tmp/parity-${label(tree)}-${scenario}.db`, iterations]);
  }
  if (scenario === "chain" || scenario === "resume") {
    const file = `/tmp/parity-${label(tree)}-${scenario}-${process.pid}.db`;
    try {
      return runIn(tree, ["bench/parity-probe.ts", scenario, file]);
    } finally {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  }
  throw new Error("scenario: inbox | runs | chain | resume");
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// seed both trees' databases before anything is timed
if (scenario === "inbox" || scenario === "runs") for (const t of trees) round(t, "1");

const all = new Map<string, Row[]>();
for (let k = 0; k < rounds; k++) {
  for (const tree of k % 2 ? [...trees].reverse() : trees) {
    for (const row of round(tree, iter)) {
      const line = { tree: label(tree), round: k, ...row };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      const key = `${label(tree)}\t${String(row.op)}`;
      all.set(key, [...(all.get(key) ?? []), row]);
    }
  }
}
for (const [key, rows] of all) {
  const [tree, op] = key.split("\t");
  const numeric = Object.keys(rows[0]).filter((k) => typeof rows[0][k] === "number");
  const med = Object.fromEntries(numeric.map((k) => [k, Math.round(median(rows.map((r) => Number(r[k]))) * 100) / 100]));
  const summary = {
    summary: true,
    scenario,
    tree,
    op,
    rounds: rows.length,
    ...med,
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}
