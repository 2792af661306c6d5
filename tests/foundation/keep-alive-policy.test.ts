// The production server keeps idle keep-alive connections longer than a load balancer or a pooled
// client does (scripts/keep-alive-policy.mjs): a request sent on a connection that sat idle past Node's
// 5 s default is answered, not reset. Exercised on a real HTTP server with a real keep-alive agent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { applyKeepAlive, keepAliveMsFrom } from "@/scripts/keep-alive-policy.mjs";

const keepAliveMs = keepAliveMsFrom as (env: Record<string, string | undefined>) => number;

describe("the production server's keep-alive policy", () => {
  let server: http.Server;
  let port = 0;
  const sockets = new Set<unknown>();
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end("ok"));
    server.on("connection", (s) => sockets.add(s));
    (applyKeepAlive as (s: http.Server, env: Record<string, string>) => number)(server, {});
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const get = (agent: http.Agent) =>
    new Promise<string>((resolve, reject) => {
      http
        .get({ host: "127.0.0.1", port, path: "/", agent }, (res) => {
          let text = "";
          res.on("data", (c: Buffer) => (text += c.toString()));
          res.on("end", () => resolve(text));
        })
        .on("error", reject);
    });

  it("outlasts a 60 s load-balancer idle timeout, and headers wait longer than keep-alive", () => {
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
  });

  it("answers a request on a connection that sat idle longer than Node's 5 s default", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await get(agent)).toBe("ok");
    await new Promise((r) => setTimeout(r, 5_600));
    expect(await get(agent)).toBe("ok");
    expect(sockets.size).toBe(1); // the same connection served both
    agent.destroy();
  }, 15_000);

  it("takes SWITCHYARD_KEEP_ALIVE_MS and refuses a value that is not a sane number of milliseconds", () => {
    expect(keepAliveMs({ SWITCHYARD_KEEP_ALIVE_MS: "90000" })).toBe(90_000);
    expect(keepAliveMs({})).toBe(65_000);
    for (const bad of ["abc", "500", "1.5", "9999999"]) {
      expect(() => keepAliveMs({ SWITCHYARD_KEEP_ALIVE_MS: bad })).toThrow(/SWITCHYARD_KEEP_ALIVE_MS/);
    }
  });
});
