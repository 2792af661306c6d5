// bench/latency-proxy.ts: forwards every byte in order, both ways, and adds its delay on each leg.
import net from "node:net";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLatencyProxy, viaProxy, type LatencyProxy } from "@/bench/latency-proxy";

describe("latency proxy", () => {
  let echo: net.Server;
  let echoPort: number;
  const proxies: LatencyProxy[] = [];
  beforeAll(async () => {
    echo = net.createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, "127.0.0.1", r));
    echoPort = (echo.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const p of proxies) await p.close();
    await new Promise<void>((r) => echo.close(() => r()));
  });

  async function proxy(rttMs: number): Promise<LatencyProxy> {
    const p = await startLatencyProxy({ targetHost: "127.0.0.1", targetPort: echoPort, rttMs });
    proxies.push(p);
    return p;
  }

  /** Sends `data` through the proxy to the echo server; resolves with what came back and how long it took. */
  async function roundTrip(port: number, data: Buffer): Promise<{ back: Buffer; ms: number }> {
    const s = net.connect(port, "127.0.0.1");
    await new Promise<void>((r) => s.once("connect", () => r()));
    const parts: Buffer[] = [];
    let got = 0;
    const t0 = performance.now();
    const done = new Promise<void>((r) =>
      s.on("data", (d: Buffer) => {
        parts.push(d);
        got += d.length;
        if (got >= data.length) r();
      }),
    );
    s.write(data);
    await done;
    const ms = performance.now() - t0;
    s.destroy();
    return { back: Buffer.concat(parts), ms };
  }

  it("forwards a large payload intact and in order, both ways", async () => {
    const p = await proxy(1);
    const data = randomBytes(2 * 1024 * 1024);
    const { back } = await roundTrip(p.port, data);
    expect(back.equals(data)).toBe(true);
    expect(p.chunks()).toBeGreaterThan(1);
  });

  it("adds half the round-trip delay on each leg", async () => {
    const p = await proxy(40);
    const { back, ms } = await roundTrip(p.port, Buffer.from("ping"));
    expect(back.toString()).toBe("ping");
    // 20 ms to the echo server and 20 ms back: never less than the configured round trip
    expect(ms).toBeGreaterThanOrEqual(39.5);
  });

  it("rewrites a database URL to go through the proxy", () => {
    expect(viaProxy("postgresql://root@db.example:5432/postgres", 6543)).toBe("postgresql://root@127.0.0.1:6543/postgres");
  });
});
