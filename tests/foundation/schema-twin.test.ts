import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { postgresTwin } from "@/scripts/gen-postgres-schema";

const root = path.resolve(__dirname, "../..");

describe("PostgreSQL schema twin", () => {
  it("is exactly what the generator makes from the SQLite source schema (run `npm run db:generate`)", () => {
    const source = readFileSync(path.join(root, "prisma/schema.prisma"), "utf8");
    const twin = readFileSync(path.join(root, "prisma/postgres/schema.prisma"), "utf8");
    expect(twin).toBe(postgresTwin(source));
  });

  it("has a migration folder for each database with the same migration names", () => {
    const a = readdirSync(path.join(root, "prisma/migrations"))
      .filter((n) => !n.endsWith(".toml"))
      .sort();
    const b = readdirSync(path.join(root, "prisma/postgres/migrations"))
      .filter((n) => !n.endsWith(".toml"))
      .sort();
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
