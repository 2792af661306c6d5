import { z } from "zod";

export const RETRY_ON = ["timeout", "network", "http_5xx", "http_429", "any"] as const;
export type RetryOn = (typeof RETRY_ON)[number];

export const DEFAULT_RETRY_ON: RetryOn[] = ["timeout", "network", "http_5xx", "http_429"];

export const retryPolicySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(20).default(1),
  initialIntervalMs: z.number().int().min(0).max(86_400_000).default(1000),
  backoffCoefficient: z.number().min(1).max(10).default(2),
  maxIntervalMs: z.number().int().min(0).max(86_400_000).default(60_000),
  jitter: z.number().min(0).max(1).default(0.2),
  retryOn: z.array(z.enum(RETRY_ON)).default(() => [...DEFAULT_RETRY_ON]),
});

export type RetryPolicy = z.output<typeof retryPolicySchema>;

/** The policy of a node without `retry`: a single attempt. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = retryPolicySchema.parse({});

/**
 * Delay before the next attempt after `attempt` (1-based) failed:
 * `min(initial * coefficient^(attempt-1), maxInterval)`, spread by ±jitter using `rand01` in [0, 1],
 * never above `maxIntervalMs`. Pure: the caller supplies the randomness.
 */
export function computeBackoffMs(policy: RetryPolicy, attempt: number, rand01: number): number {
  const n = Math.max(1, Math.floor(attempt));
  const base = Math.min(policy.initialIntervalMs * policy.backoffCoefficient ** (n - 1), policy.maxIntervalMs);
  const r = Math.min(1, Math.max(0, Number.isFinite(rand01) ? rand01 : 0.5));
  const spread = base * policy.jitter * (2 * r - 1);
  return Math.round(Math.min(policy.maxIntervalMs, Math.max(0, base + spread)));
}

export type FailureClass = Exclude<RetryOn, "any"> | "other";

/** Whether a failure of class `failure` on attempt `attempt` (1-based) should be retried. */
export function shouldRetry(policy: RetryPolicy, attempt: number, failure: FailureClass): boolean {
  if (attempt >= policy.maxAttempts) return false;
  return policy.retryOn.includes("any") || (failure !== "other" && policy.retryOn.includes(failure));
}
