// Bad /runs URL parameters reach the page as plain-language notices, never as the validator's text.
import { describe, expect, it } from "vitest";
import { parseRunListParams } from "./run-list-filter";

const validatorWords = /invalid|expected|received|zod|too_big|too_small|NaN|must be/i;

describe("parseRunListParams notices", () => {
  it("explains each ignored parameter without the validator's wording and keeps the good ones", () => {
    const p = parseRunListParams({ status: "bogus", range: "2w", sort: "name", after: "not a cursor!", pageSize: "7", workflowId: "w1" });
    expect(p.filter).toEqual({ workflowId: "w1" });
    expect(p.sort).toEqual({ sort: "started", dir: "desc", pageSize: 50 });
    expect(p.problems).toHaveLength(5);
    for (const problem of p.problems) expect(problem).not.toMatch(validatorWords);
    expect(p.problems).toContain("“bogus” is not a run status, so runs of every status are shown.");
    expect(p.problems).toContain("Runs cannot be sorted by “name”; they are sorted by start time.");
    expect(p.problems).toContain("The page link is not valid; the first page is shown.");
  });

  it("quotes a long bad value short and names an unexplained key plainly", () => {
    const p = parseRunListParams({ status: "x".repeat(300), from: "yesterday" });
    expect(p.problems[0]).toBe(`“${"x".repeat(40)}…” is not a run status, so runs of every status are shown.`);
    expect(p.problems[1]).toMatch(/^“yesterday” is not a start time/);
  });

  it("says a reversed time range is ignored", () => {
    expect(parseRunListParams({ from: "200", to: "100" }).problems).toEqual(["The time range was reversed and is ignored."]);
  });
});
