// `npm run audit:verify -- [--public-key <base64 SPKI or PEM file>] [--checkpoints <file.jsonl|json>]`
// Verifies the audit trail of DATABASE_URL outside the web app: walks and re-hashes the chain, then
// checks every stored checkpoint and those in the given file (kept outside the database) against the
// public key (default: the one derived from SWITCHYARD_AUDIT_SIGNING_KEY / data/audit-signing.key).
// Prints progress to stderr and the result as JSON to stdout; exits 1 when anything fails.
import { readFileSync, existsSync } from "node:fs";
import { env } from "@/lib/env";
import { openDatabase } from "@/lib/db/connection";
import { publicKeyFrom } from "@/lib/audit/signing-key";
import { appSigningKey } from "@/lib/audit/server-key";
import { verifyAudit } from "@/lib/audit/verify-audit";
import type { Checkpoint } from "@/lib/audit/checkpoints";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readCheckpoints(file: string): Checkpoint[] {
  const text = readFileSync(file, "utf8").trim();
  if (!text) return [];
  if (text.startsWith("[") || text.startsWith('{"publicKey"') || text.startsWith('{"checkpoints"')) {
    const v = JSON.parse(text) as Checkpoint[] | { checkpoints: Checkpoint[] };
    return Array.isArray(v) ? v : v.checkpoints;
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Checkpoint);
}

async function main(): Promise<number> {
  const e = env();
  const pk = arg("--public-key");
  const trusted = pk ? publicKeyFrom(existsSync(pk) ? readFileSync(pk, "utf8") : pk) : appSigningKey({ env: e }).publicKey;
  const file = arg("--checkpoints");
  const db = openDatabase(e.DATABASE_URL, { synchronous: e.SQLITE_SYNCHRONOUS });
  try {
    let last = 0;
    const result = await verifyAudit(db.sql, {
      trustedKeys: [trusted],
      externalCheckpoints: file ? readCheckpoints(file) : [],
      onProgress: (checked, total) => {
        if (checked - last >= 100_000 || checked === total) {
          last = checked;
          process.stderr.write(`checked ${checked} of ${total} rows\n`);
        }
      },
    });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
