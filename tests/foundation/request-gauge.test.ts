// The production server's request gauge (scripts/request-gauge.mjs, read by lib/server/request-pressure):
// a request counts from its arrival until its response headers are sent or its connection closes, so
// a stream that has answered (server-sent events) does not count, and a client that gives up does not
// count for ever. Exercised on a real HTTP server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { GAUGE_KEY, installRequestGauge } from "@/scripts/request-gauge.mjs";
import { QUEUED_REQUESTS, requestsQueued, waitingRequests } from "@/lib/server/request-pressure";

describe("the request gauge", () => {
  let server: http.Server;
  let base = "";
  const held = new Map<string, http.ServerResponse>();
  beforeAll(async () => {
    const track = (installRequestGauge as () => (req: http.IncomingMessage, res: http.ServerResponse) => void)();
    server = http.createServer((req, res) => {
      track(req, res);
      held.set(req.url ?? "", res); // answered by the test
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    delete (globalThis as Record<symbol, unknown>)[GAUGE_KEY as symbol];
  });

  const until = async (cond: () => boolean) => {
    const deadline = Date.now() + 2000;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error("timed out");
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it("counts requests until their headers are sent or they are dropped", async () => {
    expect(waitingRequests()).toBe(0);
    const agent = new http.Agent({ keepAlive: false });
    const clients = Array.from({ length: QUEUED_REQUESTS }, (_, i) => {
      const req = http.get(`${base}/r${i}`, { agent });
      req.on("error", () => undefined);
      return req;
    });
    await until(() => held.size === QUEUED_REQUESTS);
    expect(waitingRequests()).toBe(QUEUED_REQUESTS);
    expect(requestsQueued()).toBe(true);

    held.get("/r0")!.end("ok"); // answered
    held.get("/r1")!.writeHead(200, { "content-type": "text/event-stream" }); // a stream that has begun
    held.get("/r1")!.write("data: 1\n\n");
    clients[2].destroy(); // the client went away
    await until(() => waitingRequests() === 1);
    expect(requestsQueued()).toBe(false);

    held.get("/r3")!.end("ok");
    await until(() => waitingRequests() === 0);
    held.get("/r1")!.end();
  });
});
