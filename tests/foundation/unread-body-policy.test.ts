// An answer given before its request's body was read to the end closes the connection
// (scripts/unread-body-policy.mjs). Without it, a route that stops reading at its size limit (413)
// and cancels the body's web stream, as lib/api/read-body.ts does, left the rest of the body on a
// kept-alive socket, and the client's next request on that connection was never answered.
// Exercised on a real HTTP server with a real keep-alive agent.
import http from "node:http";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { closeOnUnreadBody } from "@/scripts/unread-body-policy.mjs";
import { listenLocal, type LocalServer } from "@/tests/helpers/local-server";

const apply = closeOnUnreadBody as (req: http.IncomingMessage, res: http.ServerResponse) => void;
const LIMIT = 100_000;

function server(withPolicy: boolean): Promise<LocalServer> {
  return listenLocal((req, res) => {
    if (withPolicy) apply(req, res);
    void (async () => {
      if (req.url === "/early") {
        // answered before the body is read (401, 409)
        res.statusCode = 401;
        return void res.end("sign in");
      }
      // read as a route does, through a web stream; /limited stops at the limit
      const reader = (Readable.toWeb(req) as ReadableStream<Uint8Array>).getReader();
      let n = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        n += value.byteLength;
        if (req.url === "/limited" && n > LIMIT) {
          await reader.cancel();
          res.statusCode = 413;
          return void res.end("too large");
        }
      }
      res.end("ok");
    })();
  });
}

function post(
  port: number,
  agent: http.Agent,
  path: string,
  bytes: number,
): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", agent });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer to ${path} within 3 s`));
    }, 3_000);
    req.on("response", (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection });
      });
    });
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

describe("the production server's unread-body policy", () => {
  let s: LocalServer;
  beforeAll(async () => {
    s = await server(true);
  });
  afterAll(() => s.close());

  it("closes the connection after a 413 on a streamed body, so the next request on the agent is answered", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const refused = await post(s.port, agent, "/limited", 2_000_000);
    expect(refused).toMatchObject({ status: 413, connection: "close" });
    expect(await post(s.port, agent, "/other", 10)).toMatchObject({ status: 200, body: "ok" });
    agent.destroy();
  });

  it("closes the connection after an answer given before the body was read (401 on a streamed upload)", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await post(s.port, agent, "/early", 2_000_000)).toMatchObject({ status: 401, connection: "close" });
    expect(await post(s.port, agent, "/other", 10)).toMatchObject({ status: 200, body: "ok" });
    agent.destroy();
  });

  it("keeps the connection alive when the body was read to its end", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await post(s.port, agent, "/limited", 50_000)).toMatchObject({ status: 200, connection: "keep-alive" });
    expect(await post(s.port, agent, "/other", 10)).toMatchObject({ status: 200, connection: "keep-alive" });
    agent.destroy();
  });

  it("without the policy the second request is never answered (what it prevents)", async () => {
    const bare = await server(false);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await post(bare.port, agent, "/limited", 2_000_000)).status).toBe(413);
      await expect(post(bare.port, agent, "/other", 10)).rejects.toThrow(/no answer/);
    } finally {
      agent.destroy();
      await bare.close();
    }
  });
});
