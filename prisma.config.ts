// Prisma CLI config for the embedded SQLite database (see ../shared/notes/prisma-offline.md):
// the wasm schema engine ("js") and the query compiler need no binary downloads.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.PRISMA_SQLITE_URL ?? "file:./data/switchyard.db" });
  },
});
