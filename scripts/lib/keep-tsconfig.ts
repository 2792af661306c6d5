// `next build` into another folder than .next adds that folder's type paths to tsconfig.json (and may
// rewrite next-env.d.ts). Builds for benchmarks and parallel checkouts must leave the work tree as
// they found it, so this runs a build and puts those files back byte for byte.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export function keepingTsconfig<T>(root: string, fn: () => T): T {
  const files = ["tsconfig.json", "next-env.d.ts"].map((f) => path.join(root, f));
  const saved = files.map((f) => (existsSync(f) ? readFileSync(f) : null));
  try {
    return fn();
  } finally {
    files.forEach((f, i) => {
      const before = saved[i];
      if (before !== null && !readFileSync(f).equals(before)) writeFileSync(f, before);
    });
  }
}
