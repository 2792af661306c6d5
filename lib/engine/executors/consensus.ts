// Consensus of parallel agents at a Join: the agents' answers must agree on the chosen fields (the
// whole answer when none are named) and their confidences must lie within the allowed spread.
// Otherwise the Join takes `escalate`, and its output carries every answer side by side for the
// reviewer (the approval task's context: ./oversight-context).
import { canonicalJson } from "@/lib/security/hash";
import type { ConsensusConfig } from "@/lib/model/node-kinds/join.config";

export interface ConsensusAnswer {
  name: string;
  answer: unknown;
  confidence: number | null;
  rationale: string;
}

export interface ConsensusResult {
  agreed: boolean;
  /** Why not: the fields that differ, and/or the confidence spread. */
  reasons: string[];
  fields: string[];
  confidenceSpread: number | null;
  answers: ConsensusAnswer[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function at(v: unknown, path: string): unknown {
  let cur = v;
  for (const key of path.split(".")) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

export function checkConsensus(sources: { name: string; output: unknown }[], c: ConsensusConfig): ConsensusResult {
  const answers: ConsensusAnswer[] = [];
  for (const s of sources) {
    if (!isRecord(s.output) || !("answer" in s.output)) continue;
    const o = s.output;
    answers.push({
      name: s.name,
      answer: o.answer,
      confidence: typeof o.confidence === "number" ? o.confidence : null,
      rationale: typeof o.rationale === "string" ? o.rationale.slice(0, 4000) : "",
    });
  }
  const fields = c.fields
    .split(",")
    .map((f) => f.trim())
    .filter(Boolean);
  const reasons: string[] = [];
  if (answers.length > 1) {
    const first = answers[0];
    if (fields.length === 0) {
      if (answers.some((a) => !same(a.answer, first.answer))) reasons.push("the answers differ");
    } else {
      for (const f of fields) {
        if (answers.some((a) => !same(at(a.answer, f), at(first.answer, f)))) reasons.push(`the answers differ on ${f}`);
      }
    }
  }
  const scores = answers.map((a) => a.confidence).filter((x): x is number => x !== null);
  const spread = scores.length ? Math.max(...scores) - Math.min(...scores) : null;
  if (spread !== null && spread > c.maxConfidenceSpread + 1e-9) {
    reasons.push(`confidence spread ${spread.toFixed(2)} exceeds ${c.maxConfidenceSpread}`);
  }
  return { agreed: reasons.length === 0, reasons, fields, confidenceSpread: spread, answers };
}
