import { describe, expect, it } from "vitest";
import valid from "./fixtures/valid-loan-approval.json";
import { parseGraph } from "./graph-schema";
import { buildScopeKeys } from "./scope-keys";

const graph = (() => {
  const result = parseGraph(valid);
  if (!result.success) throw new Error(result.error.message);
  return result.data;
})();

describe("buildScopeKeys", () => {
  it("lists input fields from the start schema, ancestors only, and run metadata", () => {
    const paths = buildScopeKeys(graph, "window").map((k) => k.path);
    expect(paths).toEqual([
      "$.input",
      "$.input.amount",
      "$.input.customerId",
      "$.input.customer",
      "$.input.customer.`first name`",
      "$.steps.Start.output",
      "$.steps.Start.status",
      "$.steps.`Credit check`.output",
      "$.steps.`Credit check`.status",
      "$.steps.Route.output",
      "$.steps.Route.status",
      "$.steps.`Cool off`.output",
      "$.steps.`Cool off`.status",
      "$.run.id",
      "$.run.startedAt",
    ]);
  });

  it("describes input fields", () => {
    const amount = buildScopeKeys(graph, "route").find((k) => k.path === "$.input.amount");
    expect(amount).toEqual({ path: "$.input.amount", kind: "input", detail: "number — Requested amount in EUR" });
  });

  it("has no steps for the start node", () => {
    expect(buildScopeKeys(graph, "start").filter((k) => k.kind === "step")).toEqual([]);
  });
});
