// When the production server's answers put their headers on the wire (scripts/header-flush-policy.mjs):
// Next.js flushes the headers before the first body chunk of every answer; with the policy a plain
// answer's headers wait for that chunk and leave in the same socket write, while an event stream's go
// at once. Exercised on a real HTTP server the way Next's response pipe drives it.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { sendHeadersWithBody } from "@/scripts/header-flush-policy.mjs";
import { listenLocal, type LocalServer } from "@/tests/helpers/local-server";

const apply = sendHeadersWithBody as (res: http.ServerResponse) => void;

interface Seen {
  /** Bytes the socket had taken (written or queued) right after flushHeaders(). */
  bytesAfterFlush: number;
  headersSentAfterFlush: boolean;
  /** The error of a setHeader() after flushHeaders(), if it threw. */
  lateSetHeader: string | null;
}

function server(withPolicy: boolean, seen: Seen[]): Promise<LocalServer> {
  return listenLocal((req, res) => {
    if (withPolicy) apply(res);
    const stream = req.url === "/events";
    res.statusCode = 201;
    res.setHeader("content-type", stream ? "text/event-stream" : "application/json");
    res.setHeader("x-kept", "yes");
    void (async () => {
      await null;
      res.flushHeaders(); // as next/dist/server/pipe-readable.js does before the first chunk
      let lateSetHeader: string | null = null;
      try {
        res.setHeader("x-late", "1");
      } catch (e) {
        lateSetHeader = (e as NodeJS.ErrnoException).code ?? "threw";
      }
      seen.push({ bytesAfterFlush: res.socket?.bytesWritten ?? -1, headersSentAfterFlush: res.headersSent, lateSetHeader });
      await null;
      res.write(stream ? "data: 1\n\n" : '{"ok":true}');
      await null;
      res.end();
    })();
  });
}

function get(port: number, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
  });
}

describe("the production server's header flush policy", () => {
  const seen: Seen[] = [];
  let s: LocalServer;
  beforeAll(async () => {
    s = await server(true, seen);
  });
  afterAll(() => s.close());

  it("sends a JSON answer's headers with its body: nothing is written when Next flushes them", async () => {
    const res = await get(s.port, "/json");
    expect(res).toMatchObject({ status: 201, body: '{"ok":true}' });
    expect(res.headers).toMatchObject({ "content-type": "application/json", "x-kept": "yes" });
    expect(res.headers["x-late"]).toBeUndefined();
    expect(seen.at(-1)).toEqual({ bytesAfterFlush: 0, headersSentAfterFlush: true, lateSetHeader: "ERR_HTTP_HEADERS_SENT" });
  });

  it("sends an event stream's headers at once", async () => {
    const res = await get(s.port, "/events");
    expect(res).toMatchObject({ status: 201, body: "data: 1\n\n" });
    expect(seen.at(-1)!.bytesAfterFlush).toBeGreaterThan(0);
    expect(seen.at(-1)!.headersSentAfterFlush).toBe(true);
  });

  it("without the policy a JSON answer's headers are written on their own (what it changes)", async () => {
    const bareSeen: Seen[] = [];
    const bare = await server(false, bareSeen);
    try {
      expect(await get(bare.port, "/json")).toMatchObject({ status: 201, body: '{"ok":true}' });
      expect(bareSeen[0].bytesAfterFlush).toBeGreaterThan(0);
    } finally {
      await bare.close();
    }
  });
});
