// A real loopback HTTP server standing in for remote APIs: records every request (path, idempotency
// key, body) and answers with a scripted status per path.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SinkRequest {
  method: string;
  path: string;
  key: string | null;
  body: string;
  /** The W3C trace context the caller sent, if any. */
  traceparent: string | null;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  /** Per-path script: statuses returned in order, then 200. */
  script(path: string, statuses: number[]): void;
  /** Delay answers on a path (ms). */
  slow(path: string, ms: number): void;
  /** Most requests on a path in progress at the same time. */
  maxConcurrent(path: string): number;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const scripts = new Map<string, number[]>();
  const delays = new Map<string, number>();
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0];
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      requests.push({
        method: req.method ?? "GET",
        path,
        key,
        body: Buffer.concat(chunks).toString(),
        traceparent: (req.headers.traceparent as string | undefined) ?? null,
      });
      const status = scripts.get(path)?.shift() ?? 200;
      const now = (open.get(path) ?? 0) + 1;
      open.set(path, now);
      peak.set(path, Math.max(peak.get(path) ?? 0, now));
      const answer = () => {
        open.set(path, (open.get(path) ?? 1) - 1);
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: status < 400, path, key }));
      };
      const d = delays.get(path);
      if (d) setTimeout(answer, d);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (path, statuses) => scripts.set(path, [...statuses]),
    slow: (path, ms) => delays.set(path, ms),
    maxConcurrent: (path) => peak.get(path) ?? 0,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
