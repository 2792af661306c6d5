// The LLM judge grader: the rubric, the row's input, expected value and the run's output go to a
// model of a provider in Settings through the same client the agent node uses; the answer is asked
// for as JSON { score, reason } and parsed with zod (a reply that is not is a failed grade).
import "server-only";
import { z } from "zod";
import type { SqlQuery } from "@/lib/db/sql";
import { openAiModelClientFactory } from "@/lib/agents/openai-model-client";
import type { ModelClientFactory } from "@/lib/agents/model-client";
import { loadProviderSecret } from "@/lib/providers/provider-service";
import type { Judge } from "./graders";

const verdictSchema = z.object({
  score: z.number().min(0).max(1),
  reason: z.string().max(4000).default(""),
});

const RESPONSE_SCHEMA = {
  type: "object",
  properties: {
    score: { type: "number", description: "0 (fails the rubric) to 1 (fully meets it)" },
    reason: { type: "string" },
  },
  required: ["score", "reason"],
  additionalProperties: false,
};

const SYSTEM =
  "You grade the output of an automated workflow against a rubric. Answer only with JSON " +
  '{"score": <0..1>, "reason": "<one or two sentences>"}.';

const clip = (v: unknown) => {
  const t = JSON.stringify(v ?? null, null, 1);
  return t.length > 6000 ? `${t.slice(0, 6000)}… (truncated)` : t;
};

/** A judge that calls the grader's provider (its default model unless the grader names one). */
export function llmJudge(db: SqlQuery, clients: ModelClientFactory = openAiModelClientFactory): Judge {
  return async (g, row) => {
    const provider = await loadProviderSecret(db, g.providerId);
    if (!provider) throw new Error(`Model provider ${g.providerId} does not exist: pick another one on the grader`);
    const res = await clients(provider).chat({
      model: g.model || provider.defaultModel,
      messages: [
        { role: "system", content: SYSTEM },
        {
          role: "user",
          content:
            `Rubric:\n${g.rubric}\n\nInput:\n${clip(row.input)}\n\n` +
            (row.expected === undefined ? "" : `Expected:\n${clip(row.expected)}\n\n`) +
            `Output:\n${clip(row.output)}`,
        },
      ],
      responseFormat: { name: "verdict", schema: RESPONSE_SCHEMA, strict: true },
      temperature: 0,
      maxOutputTokens: 400,
      timeoutMs: 60_000,
    });
    let json: unknown;
    try {
      json = JSON.parse(res.content ?? "");
    } catch {
      throw new Error("The judge did not answer with JSON");
    }
    const parsed = verdictSchema.safeParse(json);
    if (!parsed.success) throw new Error(`The judge's answer is not { score 0..1, reason }: ${parsed.error.issues[0]?.message ?? ""}`);
    return parsed.data;
  };
}
