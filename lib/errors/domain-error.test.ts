import { describe, expect, it } from "vitest";
import { DomainError, ProblemsError } from "./domain-error";

describe("DomainError", () => {
  it("is recognised across copies of the class (another bundle's module instance)", async () => {
    // A second module instance stands for the copy Next puts in another bundle.
    const url = new URL("./domain-error.ts?copy", import.meta.url).href;
    const other = (await import(/* @vite-ignore */ url)) as typeof import("./domain-error");
    expect(other.DomainError).not.toBe(DomainError);
    const foreign = new other.DomainError("not_found", "Run not found.");
    expect(foreign instanceof DomainError).toBe(true);
    expect(foreign.status).toBe(404);
  });

  it("keeps subclass checks exact and reads the status from the catalogue", () => {
    const e = new ProblemsError("validation_failed", "Bad", [{ path: "a", message: "b" }]);
    expect(e instanceof DomainError).toBe(true);
    expect(e instanceof ProblemsError).toBe(true);
    expect(new DomainError("conflict") instanceof ProblemsError).toBe(false);
    expect(new Error("x") instanceof DomainError).toBe(false);
    expect(e.status).toBe(422);
    expect(e.message).toBe("Bad: a: b");
  });
});
