import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseWorkflowFile, toWorkflowFile, workflowFileName } from "@/lib/workflows/workflow-file";

const graph = JSON.parse(readFileSync(path.join(__dirname, "../../lib/model/fixtures/valid-loan-approval.json"), "utf8")) as {
  nodes: { id: string; config: Record<string, unknown> }[];
  edges: unknown[];
};

describe("workflow file", () => {
  it("accepts a valid file and round-trips it", () => {
    const parsed = parseWorkflowFile({ format: "switchyard.workflow", name: "Loans", description: "d", graph });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.file.graph).toEqual(graph); // exactly as written: no defaults filled in
    const again = parseWorkflowFile(JSON.parse(JSON.stringify(toWorkflowFile(parsed.file))));
    expect(again.ok && again.file).toEqual(parsed.file);
  });

  it("reports every problem with a path from the file root", () => {
    const broken = structuredClone(graph);
    broken.nodes[1].config.url = "";
    (broken.nodes[2] as { kind?: string }).kind = "teleport";
    const parsed = parseWorkflowFile({ format: "other", name: "", graph: broken });
    expect(parsed.ok).toBe(false);
    const paths = parsed.problems.map((p) => p.path);
    expect(paths).toContain("format");
    expect(paths).toContain("name");
    expect(parsed.problems.some((p) => p.path === "graph.nodes[1].config.url" && p.nodeId === "credit")).toBe(true);
    expect(parsed.problems.some((p) => p.code === "unknown_kind" && p.path?.startsWith("graph.nodes[2]"))).toBe(true);
  });

  it("refuses a file without a graph and accepts graph-rule problems as warnings to fix later", () => {
    expect(parseWorkflowFile({ format: "switchyard.workflow", name: "x" })).toMatchObject({ ok: false, problems: [{ path: "graph" }] });
    const unwired = { ...graph, edges: [] };
    const parsed = parseWorkflowFile({ format: "switchyard.workflow", name: "x", graph: unwired });
    expect(parsed.ok).toBe(true);
    expect(parsed.problems.length).toBeGreaterThan(0);
  });

  it("makes safe file names", () => {
    expect(workflowFileName("Loan origination / v2")).toBe("loan-origination-v2.switchyard.json");
    expect(workflowFileName("???")).toBe("workflow.switchyard.json");
  });
});
