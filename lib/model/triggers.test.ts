import { describe, expect, it } from "vitest";
import { triggersSchema } from "./triggers";

describe("trigger schema", () => {
  it("fills defaults and keeps each kind's fields", () => {
    const [w, s, e] = triggersSchema.parse([
      { kind: "webhook", id: "hook_abcdefgh" },
      { kind: "schedule", id: "sched_abcdefgh", cron: "0 9 * * 1-5", timezone: "Europe/Paris" },
      { kind: "event", id: "event_abcdefgh", event: "contract.renewal_due" },
    ]);
    expect(w).toMatchObject({ verification: "standard", respond: "accepted", maxBodyBytes: 1024 * 1024, enabled: true });
    expect(s).toMatchObject({ overlap: "skip", catchUp: "skip", input: {} });
    expect(e).toMatchObject({ event: "contract.renewal_due", mapping: "" });
  });

  it("refuses a schedule with both or neither of cron and interval, duplicate ids and unknown kinds", () => {
    expect(triggersSchema.safeParse([{ kind: "schedule", id: "sched_abcdefgh" }]).success).toBe(false);
    expect(triggersSchema.safeParse([{ kind: "schedule", id: "sched_abcdefgh", cron: "* * * * *", intervalSeconds: 60 }]).success).toBe(
      false,
    );
    expect(
      triggersSchema.safeParse([
        { kind: "webhook", id: "same_abcdefgh" },
        { kind: "event", id: "same_abcdefgh", event: "x" },
      ]).success,
    ).toBe(false);
    expect(triggersSchema.safeParse([{ kind: "email", id: "mail_abcdefgh" }]).success).toBe(false);
    expect(triggersSchema.safeParse([{ kind: "webhook", id: "short" }]).success).toBe(false);
  });
});
