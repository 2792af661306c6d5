// docs/api.md lists the closed error catalogue (code, status, meaning) exactly as lib/errors/catalogue.ts
// defines it, and links the OpenAPI document. Run `npm run docs:errors` after adding a code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { errorCatalogue } from "@/lib/errors/catalogue";
import { withCatalogue } from "@/lib/errors/catalogue-markdown";

describe("docs/api.md", () => {
  const doc = readFileSync("docs/api.md", "utf8");

  it("lists the error catalogue as lib/errors/catalogue.ts defines it (run npm run docs:errors)", () => {
    // Prettier may pad the table's columns; compare cell by cell.
    const cells = (text: string) =>
      text.split("\n").map((line) =>
        line
          .split("|")
          .map((c) => c.trim().replace(/^-+$/, "-"))
          .join("|"),
      );
    expect(cells(doc)).toEqual(cells(withCatalogue(doc)));
    for (const code of Object.keys(errorCatalogue)) expect(doc).toContain(`\`${code}\``);
  });

  it("links the OpenAPI document and the API reference page", () => {
    expect(doc).toContain("/api/v1/openapi.json");
    expect(doc).toContain("/api-docs");
  });
});
