import { describe, expect, it } from "vitest";
import { roleHome, safeReturnPath, signInUrl } from "@/lib/auth/return-path";

describe("return path after sign-in", () => {
  it("keeps same-origin deep links with their query and hash", () => {
    expect(safeReturnPath("/inbox/t-1")).toBe("/inbox/t-1");
    expect(safeReturnPath("/runs?status=failed&page=2#top")).toBe("/runs?status=failed&page=2#top");
  });

  it("refuses anything that could leave the site (no open redirect)", () => {
    for (const bad of [
      "https://evil.example/x",
      "//evil.example/x",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "/%0a/evil",
      "/\tevil",
      "inbox",
      "",
      null,
      undefined,
    ]) {
      const out = safeReturnPath(bad);
      if (out !== null) expect(new URL(out, "http://here.test").origin).toBe("http://here.test");
      expect(out === null || out.startsWith("/")).toBe(true);
    }
    expect(safeReturnPath("https://evil.example/x")).toBeNull();
    expect(safeReturnPath("//evil.example/x")).toBeNull();
    expect(safeReturnPath("/\\evil.example")).toBeNull();
    expect(safeReturnPath("/\tevil")).toBeNull();
  });

  it("does not loop back into sign-in, setup or the API", () => {
    expect(safeReturnPath("/sign-in?next=/inbox")).toBeNull();
    expect(safeReturnPath("/setup")).toBeNull();
    expect(safeReturnPath("/api/v1/tasks")).toBeNull();
  });

  it("builds the sign-in URL with the way back and gives each role its home", () => {
    expect(signInUrl("/inbox/t-1?status=open")).toBe(`/sign-in?next=${encodeURIComponent("/inbox/t-1?status=open")}`);
    expect(signInUrl("/")).toBe("/sign-in");
    expect(signInUrl("//evil.example")).toBe("/sign-in");
    expect(signInUrl(null)).toBe("/sign-in");
    expect(roleHome("reviewer")).toBe("/inbox");
    expect(roleHome("designer")).toBe("/workflows");
    expect(roleHome("admin")).toBe("/workflows");
    expect(roleHome("viewer")).toBe("/workflows");
  });
});
