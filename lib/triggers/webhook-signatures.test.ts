// Interoperability: the signatures match the ones the senders' own libraries produce.
import { describe, expect, it } from "vitest";
import { signStandard, verifyDelivery } from "./webhook-signatures";

describe("webhook signatures", () => {
  it("Standard Webhooks: matches the specification's example signature", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"test": 2432232314}';
    const headers = signStandard(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body);
    expect(headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    const verdict = verifyDelivery({
      mode: "standard",
      secrets: [secret],
      headers: new Headers(headers),
      body: Buffer.from(body),
      nowMs: 1614265330_000,
    });
    expect(verdict.ok).toBe(true);
  });

  it("Standard Webhooks: accepts any one of several signatures (a sender mid-rotation)", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = "{}";
    const h = signStandard(secret, "m", 1000, body);
    const headers = new Headers({ ...h, "webhook-signature": `v1,AAAA ${h["webhook-signature"]}` });
    expect(verifyDelivery({ mode: "standard", secrets: [secret], headers, body: Buffer.from(body), nowMs: 1000_000 }).ok).toBe(true);
  });
});
