import { describe, expect, it } from "vitest";
import { computeBackoffMs, DEFAULT_RETRY_POLICY, retryPolicySchema, shouldRetry } from "./retry-policy";

const policy = retryPolicySchema.parse({ maxAttempts: 5, initialIntervalMs: 1000, backoffCoefficient: 2, maxIntervalMs: 5000, jitter: 0 });

describe("retry policy", () => {
  it("has single-attempt defaults", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 1,
      initialIntervalMs: 1000,
      backoffCoefficient: 2,
      maxIntervalMs: 60_000,
      jitter: 0.2,
      retryOn: ["timeout", "network", "http_5xx", "http_429"],
    });
  });

  it("validates bounds", () => {
    expect(retryPolicySchema.safeParse({ maxAttempts: 0 }).success).toBe(false);
    expect(retryPolicySchema.safeParse({ maxAttempts: 21 }).success).toBe(false);
    expect(retryPolicySchema.safeParse({ jitter: 1.5 }).success).toBe(false);
    expect(retryPolicySchema.safeParse({ retryOn: ["sometimes"] }).success).toBe(false);
  });

  it("grows exponentially and caps at maxIntervalMs", () => {
    expect([1, 2, 3, 4, 5].map((a) => computeBackoffMs(policy, a, 0.5))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("spreads by ±jitter and never exceeds the cap", () => {
    const jittered = { ...policy, jitter: 0.2 };
    expect(computeBackoffMs(jittered, 1, 0)).toBe(800);
    expect(computeBackoffMs(jittered, 1, 1)).toBe(1200);
    expect(computeBackoffMs(jittered, 1, 0.5)).toBe(1000);
    expect(computeBackoffMs(jittered, 10, 1)).toBe(5000);
    expect(computeBackoffMs(jittered, 10, 0)).toBe(4000);
  });

  it("tolerates out-of-range inputs", () => {
    expect(computeBackoffMs(policy, 0, 0.5)).toBe(1000);
    expect(computeBackoffMs({ ...policy, jitter: 1 }, 1, 7)).toBe(2000);
    expect(computeBackoffMs(policy, 1, Number.NaN)).toBe(1000);
  });

  it("decides whether to retry", () => {
    expect(shouldRetry(policy, 1, "timeout")).toBe(true);
    expect(shouldRetry(policy, 5, "timeout")).toBe(false);
    expect(shouldRetry(policy, 1, "other")).toBe(false);
    expect(shouldRetry({ ...policy, retryOn: ["any"] }, 1, "other")).toBe(true);
    expect(shouldRetry(DEFAULT_RETRY_POLICY, 1, "network")).toBe(false);
  });
});
