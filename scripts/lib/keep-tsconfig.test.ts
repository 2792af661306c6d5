// Benchmarks that build (bench:canvas, bench:burst) must leave the work tree clean: whatever the build
// writes into tsconfig.json and next-env.d.ts is put back byte for byte, also when the build fails.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { keepingTsconfig } from "./keep-tsconfig";

let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree() {
  dir = mkdtempSync(path.join(tmpdir(), "keep-tsconfig-"));
  writeFileSync(path.join(dir, "tsconfig.json"), '{ "include": ["**/*.ts"] }\n');
  writeFileSync(path.join(dir, "next-env.d.ts"), '/// <reference types="next" />\n');
  return (f: string) => readFileSync(path.join(dir, f), "utf8");
}

const build = () => {
  writeFileSync(path.join(dir, "tsconfig.json"), '{ "include": ["**/*.ts", ".next-bench/types/**/*.ts"] }\n');
  writeFileSync(path.join(dir, "next-env.d.ts"), '/// <reference path="./.next-bench/types/routes.d.ts" />\n');
  return 0;
};

it("puts back what a build rewrote and passes the build's result through", () => {
  const read = tree();
  expect(keepingTsconfig(dir, build)).toBe(0);
  expect(read("tsconfig.json")).toBe('{ "include": ["**/*.ts"] }\n');
  expect(read("next-env.d.ts")).toBe('/// <reference types="next" />\n');
});

it("puts them back when the build throws", () => {
  const read = tree();
  expect(() =>
    keepingTsconfig(dir, () => {
      build();
      throw new Error("build failed");
    }),
  ).toThrow("build failed");
  expect(read("tsconfig.json")).toBe('{ "include": ["**/*.ts"] }\n');
});
