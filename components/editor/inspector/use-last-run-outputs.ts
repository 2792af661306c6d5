"use client";
// The step outputs of the workflow's newest run, by node id: expression completions offer the
// fields they had (`$.steps.<node>.output.<field>`) where the node's kind does not fix its output's
// shape (a Transform, a Sub-workflow, an HTTP body). Two reads (the newest run, then its steps),
// cached for a minute and shared by every node's inspector; no run, or no right to read runs,
// means no samples, never an error on screen.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-fetch";

interface RunList {
  runs: { id: string }[];
}
interface RunDetail {
  steps: { nodeId: string; status: string; output: unknown }[];
}

export async function lastRunOutputs(workflowId: string, signal?: AbortSignal): Promise<Map<string, unknown>> {
  const list = await apiFetch<RunList>(`/api/v1/runs?workflowId=${encodeURIComponent(workflowId)}&limit=1`, { signal });
  const run = list.runs[0];
  const out = new Map<string, unknown>();
  if (!run) return out;
  const detail = await apiFetch<RunDetail>(`/api/v1/runs/${encodeURIComponent(run.id)}`, { signal });
  // A node inside a Loop or Map has a step per pass: the first that succeeded with an output stands for it.
  for (const step of detail.steps)
    if (step.status === "succeeded" && step.output !== null && step.output !== undefined && !out.has(step.nodeId))
      out.set(step.nodeId, step.output);
  return out;
}

export function useLastRunOutputs(workflowId: string | undefined): ReadonlyMap<string, unknown> | undefined {
  const { data } = useQuery({
    queryKey: ["workflows", workflowId, "last-run-outputs"],
    queryFn: ({ signal }) => lastRunOutputs(workflowId!, signal),
    enabled: !!workflowId,
    staleTime: 60_000,
    retry: false,
  });
  return data;
}
