// A loopback HTTP server standing in for the outside systems a template calls (its placeholder hosts
// retargeted to <url>/<system>/…): answers each request with the JSON of the first route whose method
// and path prefix match (200 {} when none does) and records every request.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
  method: string;
  path: string;
  body: unknown;
}

export interface StubRoute {
  method: string;
  /** Path prefix, e.g. "/crm/v1/offers". */
  path: string;
  status?: number;
  json?: unknown;
}

export interface SystemsStub {
  url: string;
  requests: StubRequest[];
  /** Replace the routes (and forget the recorded requests). */
  routes(list: StubRoute[]): void;
  /** Recorded requests as "METHOD /path". */
  calls(): string[];
  close(): Promise<void>;
}

export async function startSystemsStub(): Promise<SystemsStub> {
  const requests: StubRequest[] = [];
  let routes: StubRoute[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const path = (req.url ?? "/").split("?")[0];
      const raw = Buffer.concat(chunks).toString();
      requests.push({ method, path, body: raw ? (JSON.parse(raw) as unknown) : null });
      const route = routes.find((r) => r.method === method && path.startsWith(r.path));
      res.writeHead(route?.status ?? 200, { "content-type": "application/json" });
      res.end(JSON.stringify(route?.json ?? {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    routes(list) {
      routes = list;
      requests.length = 0;
    },
    calls: () => requests.map((r) => `${r.method} ${r.path}`),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
