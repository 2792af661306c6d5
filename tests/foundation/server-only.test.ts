// Server modules carry the `server-only` marker, and no client bundle reaches one. Next fails the build
// when a Client Component's import graph contains the marker; this test finds the same mistake in
// seconds, names the import chain, and keeps the marker on every file of the guarded folders.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { clientGraph, isClientModule, isServerOnly, ROOT, sourceFiles } from "./client-graph";

/** Folders where every module is server-only. */
const SERVER_FOLDERS = ["lib/db", "lib/server"];
/** Server modules in folders that also hold isomorphic code (roles, schemas, the auth client). */
const SERVER_FILES = [
  "lib/auth/api-key-service.ts",
  "lib/auth/api-keys.ts",
  "lib/auth/auth.ts",
  "lib/auth/change-password.ts",
  "lib/auth/client-of.ts",
  "lib/auth/page-guard.ts",
  "lib/auth/session.ts",
  "lib/auth/sign-in-guard.ts",
  "lib/auth/users.ts",
  "lib/credentials/credential-headers.ts",
  "lib/credentials/credential-references.ts",
  "lib/credentials/credential-resolver.ts",
  "lib/credentials/credential-service.ts",
  "lib/security/secrets.ts",
];

const rel = (f: string) => path.relative(ROOT, f);
const read = (f: string) => readFileSync(f, "utf8");
const projectFiles = () => ["app", "components", "lib"].flatMap((d) => sourceFiles(path.join(ROOT, d)));

describe("the server-only marker", () => {
  it("is on every module of the server folders and on the listed server modules", () => {
    const guarded = [...SERVER_FOLDERS.flatMap((d) => sourceFiles(path.join(ROOT, d))), ...SERVER_FILES.map((f) => path.join(ROOT, f))];
    const missing = guarded.filter((f) => !isServerOnly(read(f))).map(rel);
    expect(missing).toEqual([]);
    expect(guarded.length).toBeGreaterThan(60);
  });

  it("is reached by no client module", () => {
    const files = projectFiles();
    const entries = files.filter((f) => isClientModule(read(f)));
    expect(entries.length).toBeGreaterThan(50);
    const graph = clientGraph(entries);
    const leaks = [...graph].filter(([f]) => isServerOnly(read(f))).map(([, chain]) => chain.map(rel).join(" → "));
    expect(leaks).toEqual([]);
  });

  describe("a client module that imports the database", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "switchyard-client-probe-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("is caught through an intermediate module, while a type-only import is allowed", () => {
      const direct = path.join(dir, "direct.tsx");
      writeFileSync(direct, `"use client";\nimport * as runs from "@/lib/db/run-list-read";\nexport const x = runs;\n`);
      const typeOnly = path.join(dir, "type-only.tsx");
      writeFileSync(typeOnly, `"use client";\nimport type { SqlDb } from "@/lib/db/sql";\nexport type X = SqlDb;\n`);
      const viaService = path.join(dir, "via-service.tsx");
      writeFileSync(
        viaService,
        `"use client";\nimport { publishWorkflow } from "@/lib/workflows/workflow-service";\nexport const y = publishWorkflow;\n`,
      );

      const leaksOf = (entry: string) => [...clientGraph([entry]).keys()].filter((f) => isServerOnly(read(f))).map(rel);
      expect(leaksOf(direct)).toContain("lib/db/run-list-read.ts");
      expect(leaksOf(typeOnly)).toEqual([]);
      expect(leaksOf(viaService).some((f) => f.startsWith("lib/db/"))).toBe(true);
    });
  });

  it("throws outside the react-server condition and is empty under it (how scripts and the worker run)", () => {
    const load = (args: string[]) =>
      execFileSync(process.execPath, [...args, "-e", "require('server-only'); console.log('loaded')"], {
        cwd: ROOT,
        stdio: "pipe",
      }).toString();
    expect(() => load([])).toThrow(/Client Component|server-only/);
    expect(load(["--conditions=react-server"])).toContain("loaded");
  });
});
