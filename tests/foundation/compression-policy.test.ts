// The production server's compression: pages and assets are gzipped for clients that accept it, API
// answers never are (scripts/compression-policy.mjs). Exercised on a real HTTP server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM module of the production server, no type declarations
import { compressible, compressionFor } from "@/scripts/compression-policy.mjs";

describe("the production server's compression policy", () => {
  const body = JSON.stringify({ rows: Array.from({ length: 200 }, (_, i) => ({ id: i, text: "x".repeat(40) })) });
  let server: http.Server;
  let base = "";
  beforeAll(async () => {
    const compress = (compressionFor as () => (req: http.IncomingMessage, res: http.ServerResponse) => void)();
    server = http.createServer((req, res) => {
      compress(req, res);
      res.setHeader("content-type", req.url?.startsWith("/api/") ? "application/json" : "text/html; charset=utf-8");
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  /** The raw answer (no automatic decompression): its content-encoding and bytes. */
  const get = (path: string, acceptEncoding = "gzip") =>
    new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      http
        .get(`${base}${path}`, { headers: { "accept-encoding": acceptEncoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ encoding: res.headers["content-encoding"], bytes: Buffer.concat(chunks) }));
        })
        .on("error", reject);
    });

  it("gzips pages for clients that accept it", async () => {
    const page = await get("/inbox?x=1");
    expect(page.encoding).toBe("gzip");
    expect(page.bytes.length).toBeLessThan(body.length / 4);
    expect(gunzipSync(page.bytes).toString()).toBe(body);
    const plain = await get("/inbox", "identity");
    expect(plain.encoding).toBeUndefined();
    expect(plain.bytes.toString()).toBe(body);
  });

  it("never compresses API answers", async () => {
    for (const path of ["/api/v1/tasks", "/api/v1/tasks?limit=50", "/api/auth/get-session", "/api"]) {
      const res = await get(path, "gzip, deflate, br");
      expect(res.encoding, path).toBeUndefined();
      expect(res.bytes.toString(), path).toBe(body);
    }
  });

  it("classifies paths, not look-alikes", () => {
    const c = compressible as (url: string | undefined) => boolean;
    expect([c("/"), c("/api-docs"), c("/apiary"), c("/_next/static/chunks/a.js"), c(undefined)]).toEqual([true, true, true, true, true]);
    expect([c("/api"), c("/api/"), c("/api/v1/runs?x=/y"), c("/api?x")]).toEqual([false, false, false, false]);
  });
});
