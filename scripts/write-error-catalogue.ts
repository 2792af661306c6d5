// Rewrites the error table in docs/api.md from lib/errors/catalogue.ts (npm run docs:errors).
import { readFileSync, writeFileSync } from "node:fs";
import { withCatalogue } from "@/lib/errors/catalogue-markdown";

const file = "docs/api.md";
writeFileSync(file, withCatalogue(readFileSync(file, "utf8")));
console.log(`${file}: error catalogue written`);
