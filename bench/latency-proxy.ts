// A local TCP proxy that adds a fixed delay to every chunk, in each direction, so PostgreSQL can be
// benchmarked as if it were across a network: `rttMs` is the added round-trip time (half of it on the
// way to the server, half on the way back). Chunks keep their order. Timers below 1 ms are not possible
// with setTimeout, so the last sub-millisecond of a wait is spun on setImmediate (only while bytes are
// in flight). Used by bench:engine under BENCH_PG_RTT_MS, and standalone:
//   tsx bench/latency-proxy.ts <listenPort> <targetHost> <targetPort> <rttMs>
import net from "node:net";

export interface LatencyProxy {
  port: number;
  /** Chunks forwarded so far (both directions). */
  chunks(): number;
  close(): Promise<void>;
}

/** Forwards chunks from `from` to `to`, each one `delayMs` after it arrived. */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, onChunk: () => void): void {
  const queue: { due: number; data: Buffer }[] = [];
  let pumping = false;
  let ended = false;
  const pump = () => {
    pumping = false;
    const now = performance.now();
    while (queue.length && queue[0].due <= now) {
      to.write(queue.shift()!.data);
      onChunk();
    }
    if (queue.length) {
      const wait = queue[0].due - now;
      pumping = true;
      if (wait >= 1) setTimeout(pump, Math.floor(wait));
      else setImmediate(pump);
    } else if (ended) to.end();
  };
  from.on("data", (data: Buffer) => {
    if (delayMs <= 0) {
      to.write(data);
      onChunk();
      return;
    }
    queue.push({ due: performance.now() + delayMs, data });
    if (!pumping) pump();
  });
  from.on("end", () => {
    ended = true;
    if (!pumping && !queue.length) to.end();
  });
}

export async function startLatencyProxy(opts: {
  targetHost: string;
  targetPort: number;
  rttMs: number;
  port?: number;
}): Promise<LatencyProxy> {
  const oneWay = opts.rttMs / 2;
  let chunks = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(opts.targetPort, opts.targetHost);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    }
    const count = () => void chunks++;
    delayedPipe(client, upstream, oneWay, count);
    delayedPipe(upstream, client, oneWay, count);
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    chunks: () => chunks,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The URL of the same database reached through a proxy on 127.0.0.1:port. */
export function viaProxy(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}

if (process.argv[1]?.endsWith("latency-proxy.ts")) {
  const [listen, host, port, rtt] = process.argv.slice(2);
  void startLatencyProxy({ port: Number(listen), targetHost: host, targetPort: Number(port), rttMs: Number(rtt) }).then((p) =>
    console.log(JSON.stringify({ proxy: p.port, target: `${host}:${port}`, rtt_ms: Number(rtt) })),
  );
}
