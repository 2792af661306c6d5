import { describe, expect, it } from "vitest";
import { findTemplate } from "@/lib/workflows/templates";
import { renderTemplate } from "@/lib/model/expressions";
import type { ExpressionScope } from "@/lib/model/scope";

const instructions = (): string => {
  const graph = findTemplate("loan-origination")!.build();
  const node = graph.nodes.find((n) => n.name === "Underwriter approval")!;
  return String((node.config as { instructions: string }).instructions);
};
const scope = (steps: ExpressionScope["steps"]): ExpressionScope => ({
  input: { amount: 60000, applicantId: "A-7" },
  steps,
  run: { id: "r1", startedAt: "2026-01-01T00:00:00Z" },
});

describe("loan template: underwriter instructions", () => {
  it("quote the agent's recommendation and reason when it assessed the application", async () => {
    const out = await renderTemplate(
      instructions(),
      scope({ "Assess risk": { status: "succeeded", output: { recommendation: "approve", reason: "Income covers the rate" } } }),
    );
    expect(out).toContain("Agent assessment: approve — Income covers the rate");
  });

  it("say plainly that there is no assessment when the agent step did not run (credit check failed)", async () => {
    const out = await renderTemplate(
      instructions(),
      scope({ "Credit check": { status: "failed", output: { error: { message: "503" } } } }),
    );
    expect(out).toMatch(/Agent assessment: none \(the risk assessment did not run/);
    expect(out.trimEnd().endsWith("Agent assessment:")).toBe(false);
  });
});
