// Live text folding, the process buffer and the NOTIFY payloads, without a database.
import { describe, expect, it } from "vitest";
import { foldLiveText, MAX_LIVE_TEXT_CHARS, type LiveText, type LiveTextMessage } from "@/lib/monitoring/live-text-merge";
import { LiveTextHub } from "@/lib/monitoring/live-text";
import { decodeLiveText, encodeLiveText } from "@/lib/monitoring/live-text-wire";

const at = { runId: "r1", stepKey: "agent", seq: 0 };
const msg = (offset: number, text: string, done = false): LiveTextMessage => ({ ...at, offset, text, done });
const fold = (ms: LiveTextMessage[]) => ms.reduce<LiveText | undefined>((a, m) => foldLiveText(a, m), undefined);

describe("foldLiveText", () => {
  it("appends contiguous pieces, ignores what it already has, and keeps the newest piece after a gap", () => {
    expect(fold([msg(0, "Hel"), msg(3, "lo"), msg(5, "", true)])).toMatchObject({ from: 0, text: "Hello", done: true });
    // a snapshot followed by a piece it already contained, and one that overlaps
    expect(fold([msg(0, "Hello"), msg(3, "lo"), msg(4, "o wor")])).toMatchObject({ from: 0, text: "Hello wor" });
    // a reader that joined late holds the answer from where it joined
    expect(fold([msg(6, "world")])).toMatchObject({ from: 6, text: "world" });
    expect(fold([msg(0, "He"), msg(9, "ld")])).toMatchObject({ from: 9, text: "ld" });
  });
  it("keeps at most MAX_LIVE_TEXT_CHARS", () => {
    const big = "x".repeat(MAX_LIVE_TEXT_CHARS);
    expect(fold([msg(0, big), msg(big.length, "more")])?.text.length).toBe(MAX_LIVE_TEXT_CHARS);
  });
});

describe("LiveTextHub", () => {
  it("gives a late subscriber the text so far and then every piece; forgets a call once it ended", () => {
    const hub = new LiveTextHub({ keepDoneMs: 50 });
    hub.publish(msg(0, "The "));
    hub.publish(msg(4, "claim"));
    expect(hub.snapshot("r1")).toEqual([msg(0, "The claim")]);
    expect(hub.snapshot("other")).toEqual([]);
    const seen: LiveTextMessage[] = [];
    const off = hub.subscribe(["r1"], (m) => seen.push(m));
    hub.publish(msg(9, " is covered", true));
    hub.publish({ ...msg(0, "x", true), runId: "other" });
    expect(seen).toEqual([msg(9, " is covered", true)]);
    off();
    hub.publish({ ...msg(0, "y", true), seq: 1 });
    expect(seen).toHaveLength(1);
    hub.sweep(Date.now() + 60);
    expect(hub.snapshot("r1").map((m) => m.seq)).toEqual([]);
    expect(hub.size).toBe(0);
  });
});

describe("live text NOTIFY payloads", () => {
  it("stay under the byte limit, split long text, and round-trip between processes but not back to the sender", () => {
    const long = 'é"\\'.repeat(2000); // escapes and multi-byte characters
    const payloads = encodeLiveText([msg(0, long, true), msg(6000, "tail")], 7000, "worker-a");
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(7000);
    const got = payloads.flatMap((p) => decodeLiveText(p, "web-b"));
    expect(fold(got.filter((m) => m.offset < 6000))).toMatchObject({ from: 0, text: long, done: true });
    expect(payloads.flatMap((p) => decodeLiveText(p, "worker-a"))).toEqual([]);
    expect(decodeLiveText("not json", "web-b")).toEqual([]);
    expect(decodeLiveText(JSON.stringify({ o: "x", c: [["r", "s", -1, 0, "t", 0]] }), "web-b")).toEqual([]);
  });
});
