// The client's view of the evaluation routes: their paths and answer types (types only from the server modules).
import type { DatasetRecord } from "@/lib/evaluations/dataset-service";
import type { EvaluationDetail, EvaluationRecord } from "@/lib/evaluations/evaluation-service";
import type { EvaluationSettings } from "@/lib/evaluations/evaluation-schemas";

export type { DatasetRecord, EvaluationDetail, EvaluationRecord, EvaluationSettings };

export const evalPaths = (workflowId: string) => {
  const base = `/api/v1/workflows/${encodeURIComponent(workflowId)}`;
  return {
    datasets: `${base}/datasets`,
    evaluations: `${base}/evaluations`,
    evaluation: (id: string) => `${base}/evaluations/${encodeURIComponent(id)}`,
    cancel: (id: string) => `${base}/evaluations/${encodeURIComponent(id)}/cancel`,
    settings: `${base}/evaluation-settings`,
    versions: `${base}/versions`,
  };
};

export const percent = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v * 1000) / 10}%`);
export const ms = (v: number | null | undefined) => (v === null || v === undefined ? "—" : `${Math.round(v)} ms`);
