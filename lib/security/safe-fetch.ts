/**
 * safeFetch — the ONE outbound HTTP client for HTTP nodes and agent HTTP tools (server-only).
 *
 * SSRF protections (see address-policy.ts for the address policy):
 *   - only http: / https: URLs; no credentials in URLs; WHATWG "bad ports" refused;
 *   - the hostname is resolved here (all A/AAAA records) and the request is refused if ANY address
 *     is non-public, unless allow-listed (`allowHosts`: hostnames, `*.suffix`, IPs or CIDRs);
 *     literal IPs in any form (http://2130706433/, http://0x7f.1/, http://[::ffff:127.0.0.1]/ …) are
 *     checked after WHATWG URL normalization;
 *   - the TCP connection is PINNED to the validated addresses (node:http/https `lookup` option
 *     returning the already-checked addresses), so a DNS rebinding between check and connect is
 *     impossible. Implementation note: importing `undici` (for `Agent({ connect: { lookup } })`) is not
 *     possible without adding a dependency, so requests go through node:http/https and the result is
 *     wrapped in a standard WHATWG `Response`;
 *   - redirects are followed manually (max `maxRedirects`, default 5) and every hop is re-checked;
 *     on a redirect to another origin (host, port or scheme) only a short safelist of headers
 *     (accept*, user-agent, content-type, idempotency-key, trace context) is carried on, so no
 *     credential-derived header (Authorization, an API-key or custom header, a cookie) leaves its origin;
 *   - overall timeout (`timeoutMs`, default 30 s, covers DNS, connect, all hops and the body);
 *   - response body is buffered and capped (`maxResponseBytes`, default 10 MiB, measured after
 *     gzip/deflate/br decoding, so compression bombs are caught).
 * No proxy environment variables are honoured, and no connection pooling is shared with other code.
 *
 * Errors: SafeFetchError with `code`. Aborting via `init.signal` rejects with the signal's reason
 * (an AbortError DOMException by default), like fetch.
 */
import dns from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupAddress } from "node:dns";
import net from "node:net";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import {
  blockedAddressReason,
  isAddressAllowListed,
  isBadPort,
  isBlockedHostname,
  isHostnameAllowListed,
  normalizeHostname,
  parseAllowList,
  type AllowList,
} from "./address-policy";

export type SafeFetchErrorCode = "blocked_address" | "bad_url" | "timeout" | "too_many_redirects" | "response_too_large" | "network";

export class SafeFetchError extends Error {
  readonly code: SafeFetchErrorCode;
  /** The URL (hop) that failed, when known. */
  readonly url?: string;
  constructor(code: SafeFetchErrorCode, message: string, options?: { url?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "SafeFetchError";
    this.code = code;
    this.url = options?.url;
  }
}

/** Resolver used for hostnames; must return every address. Injectable for tests / custom DNS. */
export type SafeFetchLookup = (hostname: string) => Promise<LookupAddress[]>;

export interface SafeFetchInit extends Omit<RequestInit, "redirect" | "signal" | "window"> {
  /** Total time budget in ms (DNS + connect + redirects + body). Default 30 000. */
  timeoutMs?: number;
  /** Maximum decoded response body size in bytes. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Destinations allowed even if private: hostnames, "*.suffix", IPs, CIDRs (array or comma-separated string). */
  allowHosts?: readonly string[] | string | AllowList;
  /** Maximum redirects to follow. Default 5. 0 = any redirect fails with too_many_redirects. */
  maxRedirects?: number;
  /** "follow" (default) or "manual" (return the 3xx response itself; it is still checked). */
  redirect?: "follow" | "manual";
  signal?: AbortSignal | null;
  /** Override DNS resolution (tests). Default: node:dns/promises lookup with { all: true }. */
  lookup?: SafeFetchLookup;
  /**
   * Return once the headers arrive, with the body as a stream (server-sent events: MCP transports).
   * `timeoutMs` then covers DNS, connect and the headers only; the body stays capped by
   * `maxResponseBytes` (decoded) and ends when the server closes it or `signal` aborts.
   */
  stream?: boolean;
}

export const SAFE_FETCH_DEFAULTS = {
  timeoutMs: 30_000,
  maxResponseBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
} as const;

const USER_AGENT = "Switchyard/1.0 (+safe-fetch)";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Request headers we never forward from callers (managed by the HTTP layer / hop-by-hop). */
const STRIPPED_REQUEST_HEADERS = [
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "upgrade",
  "expect",
  "te",
  "trailer",
  "proxy-connection",
];
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
/**
 * The only request headers carried across a redirect to another origin (another host, port or
 * scheme, so an https -> http downgrade too). Everything else may carry a credential under any name
 * (an API-key header, custom headers, a signed token), so it stays with the origin it was meant for.
 */
const CROSS_ORIGIN_KEPT_HEADERS = new Set([
  "accept",
  "accept-encoding",
  "accept-language",
  "user-agent",
  "content-type",
  "content-language",
  "idempotency-key",
  "traceparent",
  "tracestate",
]);

const defaultLookup: SafeFetchLookup = (hostname) => dns.lookup(hostname, { all: true });

interface ValidatedTarget {
  url: URL;
  /** Hostname without brackets, used for the connection, SNI and Host header. */
  host: string;
  /** Validated addresses the connection is pinned to. */
  addresses: LookupAddress[];
}

function parseUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(String(input), base);
  } catch {
    throw new SafeFetchError("bad_url", `invalid URL: ${String(input).slice(0, 200)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new SafeFetchError("bad_url", `unsupported protocol ${url.protocol} (only http and https are allowed)`, {
      url: url.href,
    });
  }
  if (url.username || url.password) {
    throw new SafeFetchError("bad_url", "URLs with embedded credentials are not allowed; use an Authorization header", {
      url: redactUrl(url),
    });
  }
  if (!url.hostname) throw new SafeFetchError("bad_url", "URL has no host", { url: url.href });
  return url;
}

function redactUrl(url: URL): string {
  const u = new URL(url.href);
  u.username = "";
  u.password = "";
  return u.href;
}

function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Validate a URL's destination against the SSRF policy, resolving DNS. Returns the addresses that
 * were validated. Throws SafeFetchError (bad_url | blocked_address | network).
 */
export async function checkUrl(
  input: string | URL,
  opts: { allowHosts?: SafeFetchInit["allowHosts"]; lookup?: SafeFetchLookup; signal?: AbortSignal } = {},
): Promise<{ url: URL; addresses: LookupAddress[] }> {
  const url = parseUrl(input);
  const target = await validateTarget(url, parseAllowList(opts.allowHosts), opts.lookup ?? defaultLookup, opts.signal);
  return { url: target.url, addresses: target.addresses };
}

async function validateTarget(
  url: URL,
  allow: AllowList,
  lookup: SafeFetchLookup,
  signal: AbortSignal | undefined,
): Promise<ValidatedTarget> {
  const host = normalizeHostname(url.hostname);
  const port = effectivePort(url);
  if (isBadPort(port)) {
    throw new SafeFetchError("blocked_address", `port ${port} is not allowed`, { url: url.href });
  }
  const ipVersion = net.isIP(host);
  if (ipVersion) {
    const reason = blockedAddressReason(host);
    if (reason && !isAddressAllowListed(host, allow)) {
      throw new SafeFetchError("blocked_address", `destination ${host} is not allowed (${reason} address)`, {
        url: url.href,
      });
    }
    return { url, host, addresses: [{ address: host, family: ipVersion }] };
  }
  const hostAllowed = isHostnameAllowListed(host, allow);
  if (!hostAllowed && isBlockedHostname(host)) {
    throw new SafeFetchError("blocked_address", `destination host ${host} is not allowed`, { url: url.href });
  }
  let addresses: LookupAddress[];
  try {
    const p = lookup(host);
    addresses = signal ? await raceAbort(p, signal) : await p;
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new SafeFetchError("network", `could not resolve host ${host}: ${(err as Error).message}`, {
      url: url.href,
      cause: err,
    });
  }
  if (!addresses.length) {
    throw new SafeFetchError("network", `host ${host} did not resolve to any address`, { url: url.href });
  }
  const validated: LookupAddress[] = [];
  for (const a of addresses) {
    const family = net.isIP(a.address);
    if (!family) {
      throw new SafeFetchError("blocked_address", `host ${host} resolved to an invalid address`, { url: url.href });
    }
    if (!hostAllowed) {
      const reason = blockedAddressReason(a.address);
      if (reason && !isAddressAllowListed(a.address, allow)) {
        throw new SafeFetchError(
          "blocked_address",
          `destination host ${host} resolves to ${a.address}, which is not allowed (${reason} address)`,
          { url: url.href },
        );
      }
    }
    validated.push({ address: a.address, family });
  }
  return { url, host, addresses: validated };
}

/** A `lookup` for net.connect that only ever returns the already-validated addresses. */
function pinnedLookup(addresses: LookupAddress[]): net.LookupFunction {
  return ((_hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    const fam = options?.family === "IPv4" ? 4 : options?.family === "IPv6" ? 6 : Number(options?.family) || 0;
    const list = fam ? addresses.filter((a) => a.family === fam) : addresses;
    if (!list.length) {
      const err = Object.assign(new Error(`no validated IPv${fam} address`), { code: "ENOTFOUND" });
      callback(err);
      return;
    }
    if (options?.all) callback(null, list);
    else callback(null, list[0].address, list[0].family);
  }) as unknown as net.LookupFunction;
}

function sendRequest(
  target: ValidatedTarget,
  method: string,
  headers: Headers,
  body: Buffer | null,
  signal: AbortSignal,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const { url } = target;
    const mod = url.protocol === "https:" ? https : http;
    const outHeaders: Record<string, string> = Object.fromEntries(headers);
    if (body) outHeaders["content-length"] = String(body.length);
    else if (["POST", "PUT", "PATCH"].includes(method)) outHeaders["content-length"] = "0";
    const req = mod.request({
      protocol: url.protocol,
      hostname: target.host,
      port: effectivePort(url),
      path: `${url.pathname}${url.search}`,
      method,
      headers: outHeaders,
      agent: false, // fresh connection per request: never reuse a socket validated under other rules
      lookup: pinnedLookup(target.addresses),
      signal,
    });
    req.once("response", resolve);
    req.once("error", reject);
    req.end(body ?? undefined);
  });
}

function decoderFor(encoding: string): Transform | null {
  // Lenient flush like undici, so truncated-but-valid streams decode.
  switch (encoding) {
    case "gzip":
    case "x-gzip":
      return zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case "deflate":
      return zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case "br":
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return null;
  }
}

async function readBody(
  res: http.IncomingMessage,
  maxBytes: number,
  url: string,
  signal: AbortSignal,
): Promise<{ body: Buffer; decoded: boolean }> {
  const encodings = String(res.headers["content-encoding"] ?? "")
    .toLowerCase()
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s && s !== "identity");
  const decoders = encodings.reverse().map(decoderFor);
  const canDecode = decoders.length > 0 && decoders.every((d): d is Transform => d !== null);
  const contentLength = Number(res.headers["content-length"]);
  if (!encodings.length && Number.isFinite(contentLength) && contentLength > maxBytes) {
    res.destroy();
    throw new SafeFetchError("response_too_large", `response body (${contentLength} bytes) exceeds limit of ${maxBytes} bytes`, {
      url,
    });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let tooLarge: SafeFetchError | undefined;
  const sink = async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      total += chunk.length;
      if (total > maxBytes) {
        tooLarge = new SafeFetchError("response_too_large", `response body exceeds limit of ${maxBytes} bytes`, { url });
        throw tooLarge;
      }
      chunks.push(chunk);
    }
  };
  const streams: Readable[] = canDecode ? [res, ...(decoders as Transform[])] : [res];
  try {
    await (pipeline as (...args: unknown[]) => Promise<void>)(...streams, sink, { signal });
  } catch (err) {
    // Tearing the pipeline down can surface a secondary error (premature close, zlib); report the cause.
    throw tooLarge ?? err;
  }
  return { body: Buffer.concat(chunks, total), decoded: canDecode };
}

/** The decoders of the response's content-encoding; null when it has none or one we cannot decode. */
function decodableEncodings(res: http.IncomingMessage): Transform[] | null {
  const encodings = String(res.headers["content-encoding"] ?? "")
    .toLowerCase()
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s && s !== "identity");
  const decoders = encodings.reverse().map(decoderFor);
  return decoders.length > 0 && decoders.every((d): d is Transform => d !== null) ? decoders : null;
}

/** The body as a web stream (decoded, capped); the timeout no longer applies, `signal` still aborts. */
function streamBody(res: http.IncomingMessage, maxBytes: number, url: string, signal?: AbortSignal): ReadableStream<Uint8Array> {
  const decoders = decodableEncodings(res);
  const source: Readable = decoders ? decoders.reduce<Readable>((src, d) => src.pipe(d), res) : res;
  let total = 0;
  let done = false;
  const abort = () => res.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
  signal?.addEventListener("abort", abort, { once: true });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (err?: unknown) => {
        if (done) return;
        done = true;
        signal?.removeEventListener("abort", abort);
        if (err === undefined) controller.close();
        else controller.error(err);
      };
      source.on("data", (chunk: Buffer) => {
        if (done) return;
        total += chunk.length;
        if (total > maxBytes) {
          finish(new SafeFetchError("response_too_large", `response body exceeds limit of ${maxBytes} bytes`, { url }));
          res.destroy();
          return;
        }
        controller.enqueue(new Uint8Array(chunk));
      });
      source.once("end", () => finish());
      source.once("error", (err) => finish(err));
    },
    cancel() {
      done = true;
      signal?.removeEventListener("abort", abort);
      res.destroy();
    },
  });
}

function toHeaders(res: http.IncomingMessage, decoded: boolean): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (decoded && (name === "content-encoding" || name === "content-length")) continue;
    try {
      headers.append(name, raw[i + 1]);
    } catch {
      /* skip header values the WHATWG Headers class rejects */
    }
  }
  return headers;
}

function isCrossOrigin(a: URL, b: URL): boolean {
  return a.origin !== b.origin;
}

function dropOriginBoundHeaders(headers: Headers): void {
  for (const name of [...headers.keys()]) if (!CROSS_ORIGIN_KEPT_HEADERS.has(name)) headers.delete(name);
}

/**
 * SSRF-safe replacement for `fetch`. Returns a standard `Response` whose body is already fully
 * buffered (within `maxResponseBytes`); `response.url` / `response.redirected` reflect the final hop.
 */
export async function safeFetch(input: string | URL, init: SafeFetchInit = {}): Promise<Response> {
  const {
    timeoutMs = SAFE_FETCH_DEFAULTS.timeoutMs,
    maxResponseBytes = SAFE_FETCH_DEFAULTS.maxResponseBytes,
    maxRedirects = SAFE_FETCH_DEFAULTS.maxRedirects,
    allowHosts,
    redirect = "follow",
    signal: userSignal,
    lookup = defaultLookup,
    stream = false,
    ...requestInit
  } = init;

  let url = parseUrl(input);
  const allow = parseAllowList(allowHosts);

  let method = (requestInit.method ?? "GET").toUpperCase();
  const headers = new Headers(requestInit.headers);
  let body: Buffer | null = null;
  if (requestInit.body != null) {
    // Let the platform serialize any BodyInit (string, URLSearchParams, FormData, Blob, stream…).
    const probe = new Request("http://body.invalid/", {
      method,
      body: requestInit.body,
      headers,
      duplex: "half",
    } as RequestInit);
    body = Buffer.from(await probe.arrayBuffer());
    const ct = probe.headers.get("content-type");
    if (ct && !headers.has("content-type")) headers.set("content-type", ct);
  }
  for (const h of STRIPPED_REQUEST_HEADERS) headers.delete(h);
  if (!headers.has("accept")) headers.set("accept", "*/*");
  if (!headers.has("user-agent")) headers.set("user-agent", USER_AGENT);
  if (!headers.has("accept-encoding")) headers.set("accept-encoding", "gzip, deflate, br");

  const timeoutController = new AbortController();
  const timer = setTimeout(
    () => timeoutController.abort(new SafeFetchError("timeout", `request timed out after ${timeoutMs} ms`, { url: url.href })),
    timeoutMs,
  );
  const signal = userSignal ? AbortSignal.any([timeoutController.signal, userSignal]) : timeoutController.signal;

  try {
    for (let hop = 0; ; hop++) {
      const target = await validateTarget(url, allow, lookup, signal);
      const res = await sendRequest(target, method, headers, body, signal);
      const status = res.statusCode ?? 0;

      if (REDIRECT_STATUSES.has(status) && redirect === "follow" && res.headers.location !== undefined) {
        res.resume(); // discard body
        res.destroy();
        if (hop >= maxRedirects) {
          throw new SafeFetchError("too_many_redirects", `too many redirects (max ${maxRedirects})`, { url: url.href });
        }
        const next = parseUrl(res.headers.location, url);
        if ((status === 303 && method !== "GET" && method !== "HEAD") || ((status === 301 || status === 302) && method === "POST")) {
          method = "GET";
          body = null;
          for (const h of BODY_HEADERS) headers.delete(h);
        }
        if (isCrossOrigin(url, next)) dropOriginBoundHeaders(headers);
        url = next;
        continue;
      }

      const nullBody = NULL_BODY_STATUSES.has(status) || method === "HEAD";
      let payload: Buffer | null = null;
      let decoded = false;
      if (nullBody) {
        res.resume();
      } else if (stream) {
        const response = new Response(streamBody(res, maxResponseBytes, url.href, userSignal ?? undefined), {
          status,
          statusText: res.statusMessage ?? "",
          headers: toHeaders(res, decodableEncodings(res) !== null),
        });
        Object.defineProperty(response, "url", { value: url.href });
        Object.defineProperty(response, "redirected", { value: hop > 0 });
        return response;
      } else {
        ({ body: payload, decoded } = await readBody(res, maxResponseBytes, url.href, signal));
      }
      let response: Response;
      try {
        response = new Response(payload && !nullBody ? new Uint8Array(payload) : null, {
          status,
          statusText: res.statusMessage ?? "",
          headers: toHeaders(res, decoded),
        });
      } catch (err) {
        throw new SafeFetchError("network", `unsupported response from ${url.host}: ${(err as Error).message}`, {
          url: url.href,
          cause: err,
        });
      }
      Object.defineProperty(response, "url", { value: url.href });
      Object.defineProperty(response, "redirected", { value: hop > 0 });
      return response;
    }
  } catch (err) {
    if (timeoutController.signal.aborted) {
      const reason = timeoutController.signal.reason;
      throw reason instanceof SafeFetchError ? reason : new SafeFetchError("timeout", "request timed out", { cause: err });
    }
    if (userSignal?.aborted) throw userSignal.reason;
    if (err instanceof SafeFetchError) throw err;
    throw new SafeFetchError("network", `request to ${url.host} failed: ${(err as Error)?.message ?? String(err)}`, {
      url: url.href,
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}
