import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SafeFetchError, checkUrl, safeFetch, type SafeFetchLookup } from "./safe-fetch";

interface Hit {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      hits.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return new Promise<{ server: http.Server; port: number; origin: string; hits: Hit[] }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ server, port, origin: `http://127.0.0.1:${port}`, hits });
    });
  });
}

async function expectCode(p: Promise<unknown>, code: SafeFetchError["code"]): Promise<SafeFetchError> {
  const err = await p.then(
    () => {
      throw new Error(`expected SafeFetchError(${code}) but request succeeded`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SafeFetchError);
  expect((err as SafeFetchError).code).toBe(code);
  return err as SafeFetchError;
}

/** A lookup that must never be consulted. */
const noDns: SafeFetchLookup = async (host) => {
  throw new Error(`DNS must not be queried (asked for ${host})`);
};

let main: Awaited<ReturnType<typeof startServer>>;
let other: Awaited<ReturnType<typeof startServer>>;
const LOCAL = ["127.0.0.1"];

beforeAll(async () => {
  other = await startServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ server: "other", auth: req.headers.authorization ?? null, headers: req.headers }));
  });
  main = await startServer((req, res, body) => {
    const u = new URL(req.url ?? "/", "http://x");
    switch (u.pathname) {
      case "/hello":
        res.setHeader("content-type", "text/plain");
        res.setHeader("x-test", "yes");
        res.appendHeader("set-cookie", ["a=1", "b=2"]);
        res.end("hello world");
        return;
      case "/echo":
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ method: req.method, body, contentType: req.headers["content-type"] ?? null, host: req.headers.host }));
        return;
      case "/redirect": // ?to=<url>&status=302
        res.statusCode = Number(u.searchParams.get("status") ?? 302);
        res.setHeader("location", u.searchParams.get("to") ?? "/hello");
        res.end("redirecting");
        return;
      case "/loop":
        res.statusCode = 302;
        res.setHeader("location", `/loop?n=${Number(u.searchParams.get("n") ?? 0) + 1}`);
        res.end();
        return;
      case "/slow-headers":
        setTimeout(() => res.end("late"), 3_000).unref();
        return;
      case "/slow-body":
        res.writeHead(200, { "content-type": "text/plain" });
        res.write("partial");
        setTimeout(() => res.end("late"), 3_000).unref();
        return;
      case "/big": // declared length
        res.setHeader("content-length", "5000");
        res.end("x".repeat(5000));
        return;
      case "/big-chunked": // no content-length
        res.write("y".repeat(3000));
        res.end("y".repeat(3000));
        return;
      case "/gzip": {
        const size = Number(u.searchParams.get("size") ?? 100);
        const data = zlib.gzipSync(Buffer.alloc(size, "z"));
        res.writeHead(200, { "content-encoding": "gzip", "content-length": String(data.length) });
        res.end(data);
        return;
      }
      case "/no-content":
        res.statusCode = 204;
        res.end();
        return;
      default:
        res.statusCode = 404;
        res.end("not found");
    }
  });
});

afterAll(async () => {
  main.server.closeAllConnections();
  other.server.closeAllConnections();
  await new Promise((r) => main.server.close(r));
  await new Promise((r) => other.server.close(r));
});

describe("safeFetch: loopback server", () => {
  it("is blocked by default without connecting", async () => {
    const before = main.hits.length;
    const err = await expectCode(safeFetch(`${main.origin}/hello`), "blocked_address");
    expect(err.message).toMatch(/loopback/);
    expect(main.hits.length).toBe(before);
  });

  it("is allowed when 127.0.0.1 (or a covering CIDR) is allow-listed", async () => {
    const res = await safeFetch(`${main.origin}/hello`, { allowHosts: LOCAL });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    expect(await res.text()).toBe("hello world");
    expect(res.headers.get("x-test")).toBe("yes");
    expect(res.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(res.url).toBe(`${main.origin}/hello`);
    expect(res.redirected).toBe(false);
    const viaCidr = await safeFetch(`${main.origin}/hello`, { allowHosts: "10.0.0.0/8, 127.0.0.0/8" });
    expect(viaCidr.status).toBe(200);
  });

  it("sends method, body and content-type like fetch", async () => {
    const res = await safeFetch(`${main.origin}/echo`, {
      method: "post",
      body: JSON.stringify({ a: 1 }),
      headers: { "content-type": "application/json" },
      allowHosts: LOCAL,
    });
    expect(await res.json()).toEqual({ method: "POST", body: '{"a":1}', contentType: "application/json", host: `127.0.0.1:${main.port}` });
    const form = await safeFetch(`${main.origin}/echo`, { method: "POST", body: new URLSearchParams({ q: "a b" }), allowHosts: LOCAL });
    expect(await form.json()).toMatchObject({ body: "q=a+b", contentType: "application/x-www-form-urlencoded;charset=UTF-8" });
  });

  it("pins the connection to the validated address (hostname resolved once by us)", async () => {
    const lookup = vi.fn<SafeFetchLookup>(async () => [{ address: "127.0.0.1", family: 4 }]);
    // "internal.test" is not resolvable by real DNS: success proves the socket used our validated address.
    const res = await safeFetch(`http://internal.test:${main.port}/echo`, { allowHosts: ["internal.test"], lookup });
    expect(await res.json()).toMatchObject({ host: `internal.test:${main.port}` });
    expect(lookup).toHaveBeenCalledTimes(1);
    // Without the allow-list entry the same resolution is refused.
    await expectCode(safeFetch(`http://internal.test:${main.port}/echo`, { lookup }), "blocked_address");
  });

  it("handles 204 and decodes gzip", async () => {
    const empty = await safeFetch(`${main.origin}/no-content`, { allowHosts: LOCAL });
    expect(empty.status).toBe(204);
    expect(empty.body).toBeNull();
    const gz = await safeFetch(`${main.origin}/gzip?size=100`, { allowHosts: LOCAL });
    expect(await gz.text()).toBe("z".repeat(100));
    expect(gz.headers.get("content-encoding")).toBeNull();
  });

  it("reports connection failures as network errors", async () => {
    const s = http.createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    await expectCode(safeFetch(`http://127.0.0.1:${port}/`, { allowHosts: LOCAL }), "network");
  });
});

describe("safeFetch: blocked destinations", () => {
  it.each([
    "http://127.0.0.1/",
    "http://2130706433/", // decimal
    "http://0x7f.1/", // hex + short form
    "http://0x7f000001/",
    "http://0177.0.0.1/", // octal
    "http://127.1/",
    "http://0/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", // IPv4-mapped (normalized to [::ffff:7f00:1])
    "http://[::ffff:7f00:1]/",
    "http://[::127.0.0.1]/", // IPv4-compatible
    "http://[64:ff9b::127.0.0.1]/", // NAT64 of loopback
    "http://169.254.169.254/latest/meta-data/", // cloud metadata
    "http://[::ffff:169.254.169.254]/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.0.1/",
    "http://100.64.0.1/", // CGNAT
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://[ff02::1]/",
    "https://127.0.0.1:8443/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://app.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://metadata.google.internal./",
  ])("%s", async (url) => {
    await expectCode(safeFetch(url, { lookup: noDns, timeoutMs: 2_000 }), "blocked_address");
  });

  it("refuses a hostname if ANY resolved address is private", async () => {
    const lookup: SafeFetchLookup = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ];
    const err = await expectCode(safeFetch("http://mixed.example/", { lookup }), "blocked_address");
    expect(err.message).toContain("10.0.0.7");
    await expectCode(
      safeFetch("http://meta.example/", { lookup: async () => [{ address: "::ffff:169.254.169.254", family: 6 }] }),
      "blocked_address",
    );
  });

  it("checkUrl validates without fetching", async () => {
    const ok = await checkUrl("https://public.example/x", { lookup: async () => [{ address: "93.184.216.34", family: 4 }] });
    expect(ok.addresses).toEqual([{ address: "93.184.216.34", family: 4 }]);
    await expectCode(checkUrl("http://[::1]/"), "blocked_address");
  });

  it("rejects bad URLs and bad ports", async () => {
    for (const url of [
      "ftp://example.com/",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "not a url",
      "http://user:pw@example.com/",
      "gopher://127.0.0.1/",
    ]) {
      await expectCode(safeFetch(url, { lookup: noDns }), "bad_url");
    }
    await expectCode(safeFetch("http://example.com:25/", { lookup: noDns }), "blocked_address");
  });
});

describe("safeFetch: redirects", () => {
  it("follows allowed redirects and reports the final URL", async () => {
    const res = await safeFetch(`${main.origin}/redirect?to=/hello`, { allowHosts: LOCAL });
    expect(await res.text()).toBe("hello world");
    expect(res.redirected).toBe(true);
    expect(res.url).toBe(`${main.origin}/hello`);
  });

  it("refuses a redirect from an allowed host to a blocked address", async () => {
    const before = other.hits.length;
    for (const to of [
      "http://169.254.169.254/latest/meta-data/",
      `http://127.0.0.2:${other.port}/`, // loopback, but only 127.0.0.1 is allow-listed
      `http://[::1]:${other.port}/`,
      `http://2130706434:${other.port}/`,
      "http://metadata.google.internal/",
    ]) {
      const err = await expectCode(
        safeFetch(`${main.origin}/redirect?to=${encodeURIComponent(to)}`, { allowHosts: LOCAL, lookup: noDns }),
        "blocked_address",
      );
      expect(err.url).not.toContain("/redirect");
    }
    expect(other.hits.length).toBe(before);
  });

  it("re-checks DNS on each hop", async () => {
    const lookup: SafeFetchLookup = async (host) =>
      host === "evil.example" ? [{ address: "192.168.1.10", family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
    await expectCode(
      safeFetch(`${main.origin}/redirect?to=${encodeURIComponent("http://evil.example/")}`, { allowHosts: LOCAL, lookup }),
      "blocked_address",
    );
  });

  it("limits the number of redirects", async () => {
    const before = main.hits.filter((h) => h.url.startsWith("/loop")).length;
    await expectCode(safeFetch(`${main.origin}/loop`, { allowHosts: LOCAL, maxRedirects: 3 }), "too_many_redirects");
    expect(main.hits.filter((h) => h.url.startsWith("/loop")).length - before).toBe(4);
    await expectCode(safeFetch(`${main.origin}/redirect`, { allowHosts: LOCAL, maxRedirects: 0 }), "too_many_redirects");
  });

  it("rewrites POST to GET on 303 and keeps it on 307", async () => {
    const r303 = await safeFetch(`${main.origin}/redirect?status=303&to=/echo`, { method: "POST", body: "data", allowHosts: LOCAL });
    expect(await r303.json()).toMatchObject({ method: "GET", body: "", contentType: null });
    const r307 = await safeFetch(`${main.origin}/redirect?status=307&to=/echo`, { method: "POST", body: "data", allowHosts: LOCAL });
    expect(await r307.json()).toMatchObject({ method: "POST", body: "data" });
  });

  it("drops Authorization on cross-origin redirects only", async () => {
    const headers = { authorization: "Bearer s3cret" };
    const same = await safeFetch(`${main.origin}/redirect?to=/echo`, { headers, allowHosts: LOCAL });
    expect(same.status).toBe(200);
    expect(main.hits.at(-1)?.headers.authorization).toBe("Bearer s3cret");
    const cross = await safeFetch(`${main.origin}/redirect?to=${encodeURIComponent(`${other.origin}/`)}`, { headers, allowHosts: LOCAL });
    expect(await cross.json()).toMatchObject({ server: "other", auth: null });
  });

  it("carries no credential-shaped header to another origin, whatever its name, and keeps the safe ones", async () => {
    const headers = {
      authorization: "Basic dXNlcjpwYXNz",
      "x-api-key": "key-123456",
      "x-custom-token": "custom-abcdef",
      cookie: "session=1",
      "proxy-authorization": "Bearer p",
      "idempotency-key": "run-1:step:1",
      "content-type": "application/json",
      accept: "application/json",
    };
    const same = await safeFetch(`${main.origin}/redirect?status=307&to=/echo`, { method: "POST", body: "{}", headers, allowHosts: LOCAL });
    expect(same.status).toBe(200);
    expect(main.hits.at(-1)?.headers["x-api-key"]).toBe("key-123456");
    expect(main.hits.at(-1)?.headers["x-custom-token"]).toBe("custom-abcdef");
    const to = encodeURIComponent(`${other.origin}/`);
    const cross = (await (
      await safeFetch(`${main.origin}/redirect?status=307&to=${to}`, { method: "POST", body: "{}", headers, allowHosts: LOCAL })
    ).json()) as { headers: Record<string, string> };
    for (const h of ["authorization", "x-api-key", "x-custom-token", "cookie", "proxy-authorization"])
      expect(cross.headers[h]).toBeUndefined();
    expect(cross.headers["idempotency-key"]).toBe("run-1:step:1");
    expect(cross.headers["content-type"]).toBe("application/json");
    expect(cross.headers.accept).toBe("application/json");
  });

  it("treats another host name on the same port as another origin", async () => {
    const headers = { "x-api-key": "key-123456" };
    const otherName = `http://localhost:${main.port}/echo`;
    const res = await safeFetch(`${main.origin}/redirect?to=${encodeURIComponent(otherName)}`, {
      headers,
      allowHosts: [...LOCAL, "localhost"],
    });
    expect(res.status).toBe(200);
    expect(main.hits.at(-1)?.url).toBe("/echo");
    expect(main.hits.at(-1)?.headers["x-api-key"]).toBeUndefined();
  });

  it('returns the 3xx itself with redirect: "manual"', async () => {
    const res = await safeFetch(`${main.origin}/redirect?to=/hello`, { allowHosts: LOCAL, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/hello");
  });
});

describe("safeFetch: timeout, abort and size cap", () => {
  it("times out waiting for headers", async () => {
    const t0 = Date.now();
    const err = await expectCode(safeFetch(`${main.origin}/slow-headers`, { allowHosts: LOCAL, timeoutMs: 200 }), "timeout");
    expect(err.message).toMatch(/200 ms/);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it("times out while reading a stalled body", async () => {
    await expectCode(safeFetch(`${main.origin}/slow-body`, { allowHosts: LOCAL, timeoutMs: 200 }), "timeout");
  });

  it("rejects with the caller's abort reason", async () => {
    const ac = new AbortController();
    const p = safeFetch(`${main.origin}/slow-headers`, { allowHosts: LOCAL, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });

  it("caps the response size (declared, chunked and decompressed)", async () => {
    await expectCode(safeFetch(`${main.origin}/big`, { allowHosts: LOCAL, maxResponseBytes: 1000 }), "response_too_large");
    await expectCode(safeFetch(`${main.origin}/big-chunked`, { allowHosts: LOCAL, maxResponseBytes: 5000 }), "response_too_large");
    // ~10 KB of gzip that inflates to 10 MB
    await expectCode(
      safeFetch(`${main.origin}/gzip?size=${10 * 1024 * 1024}`, { allowHosts: LOCAL, maxResponseBytes: 1024 * 1024 }),
      "response_too_large",
    );
    const ok = await safeFetch(`${main.origin}/big`, { allowHosts: LOCAL, maxResponseBytes: 5000 });
    expect((await ok.text()).length).toBe(5000);
  });
});
