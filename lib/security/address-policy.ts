/**
 * Which network destinations outbound HTTP (safeFetch) may reach. Used to prevent SSRF against
 * loopback, private networks, link-local / cloud metadata endpoints, etc.
 *
 * Policy: an IP address is allowed only if ipaddr.js classifies it as plain "unicast" (public).
 * Everything else — loopback, private (RFC 1918), unique-local fc00::/7, link-local (169.254/16
 * incl. 169.254.169.254, fe80::/10), unspecified 0/8 and ::, multicast, broadcast, CGNAT 100.64/10,
 * reserved/documentation/benchmarking ranges, 6to4/Teredo tunnels, IPv4-compatible ::/96 — is
 * blocked. IPv4-mapped IPv6 (::ffff:a.b.c.d) and NAT64 64:ff9b::/96 addresses are judged by the
 * embedded IPv4 address. Well-known metadata / localhost hostnames are blocked by name as well.
 *
 * Free of Node built-ins, so the workflow validator can judge literal hosts with the same policy in
 * the browser (lib/model/validation/http-rules.ts).
 *
 * An allow-list (e.g. from SWITCHYARD_HTTP_ALLOWLIST) can re-allow specific destinations:
 *   - exact hostnames (`api.internal`), or wildcard suffixes (`*.corp.example` — matches subdomains only)
 *   - IP addresses (`127.0.0.1`, `::1`) or CIDRs (`10.0.0.0/8`, `fd00::/8`)
 */
import ipaddr from "ipaddr.js";

type IP = ipaddr.IPv4 | ipaddr.IPv6;

export type AllowEntry =
  | { kind: "host"; host: string }
  | { kind: "suffix"; suffix: string } // "*.example.com" → ".example.com"
  | { kind: "cidr"; range: [IP, number]; text: string };

export interface AllowList {
  entries: AllowEntry[];
}

/** Hostnames that are always blocked (unless allow-listed by exact name). */
const BLOCKED_HOSTNAMES = new Set([
  "localhost",
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "metadata.azure.internal",
  "instance-data",
  "instance-data.ec2.internal",
]);
const BLOCKED_HOST_SUFFIXES = [".localhost"];

/** A strict IP literal (as node:net's isIP): dotted-quad IPv4 without leading zeros, or IPv6. */
function isIpLiteral(h: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(h) || (h.includes(":") && ipaddr.IPv6.isValid(h));
}

/** Lowercase, strip IPv6 brackets and a trailing dot. */
export function normalizeHostname(hostname: string): string {
  let h = hostname.trim().toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  while (h.endsWith(".")) h = h.slice(0, -1);
  return h;
}

/**
 * Parse allow-list entries. Accepts an array and/or comma/whitespace separated strings
 * (so the raw SWITCHYARD_HTTP_ALLOWLIST value can be passed). Invalid CIDRs throw.
 */
export function parseAllowList(input: string | readonly string[] | AllowList | undefined | null): AllowList {
  if (!input) return { entries: [] };
  if (!Array.isArray(input) && typeof input === "object" && "entries" in input) return input as AllowList;
  const raw = (typeof input === "string" ? [input] : (input as readonly string[]))
    .flatMap((s) => s.split(/[\s,]+/))
    .map((s) => s.trim())
    .filter(Boolean);
  const entries: AllowEntry[] = [];
  for (const item of raw) {
    const h = normalizeHostname(item);
    if (h.includes("/")) {
      if (!ipaddr.isValidCIDR(h)) throw new Error(`invalid CIDR in HTTP allow-list: ${item}`);
      const [addr, bits] = ipaddr.parseCIDR(h);
      entries.push({ kind: "cidr", range: normalizeRange(addr, bits), text: h });
    } else if (isIpLiteral(h)) {
      const addr = ipaddr.process(h);
      entries.push({ kind: "cidr", range: [addr, addr.kind() === "ipv4" ? 32 : 128], text: h });
    } else if (h.startsWith("*.")) {
      entries.push({ kind: "suffix", suffix: h.slice(1) });
    } else {
      entries.push({ kind: "host", host: h });
    }
  }
  return { entries };
}

function normalizeRange(addr: IP, bits: number): [IP, number] {
  // "::ffff:10.0.0.0/104" → 10.0.0.0/8 so it matches processed (IPv4) addresses.
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    return [(addr as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [addr, bits];
}

/** Parse an IP (v4-mapped IPv6 is converted to IPv4). Returns null if not an IP. */
function parseIp(ip: string): IP | null {
  const h = normalizeHostname(ip).replace(/%.*$/, ""); // drop IPv6 zone id
  if (!isIpLiteral(h)) return null;
  try {
    return ipaddr.process(h);
  } catch {
    return null;
  }
}

/**
 * Why an address is blocked (an ipaddr.js range name such as "loopback", "private", "linkLocal"),
 * or null if it is a public unicast address. Unparseable input is reported as "invalid".
 */
export function blockedAddressReason(ip: string): string | null {
  const addr = parseIp(ip);
  if (!addr) return "invalid";
  return classify(addr);
}

function classify(addr: IP): string | null {
  if (addr.kind() === "ipv4") {
    const r = (addr as ipaddr.IPv4).range();
    return r === "unicast" ? null : r;
  }
  const v6 = addr as ipaddr.IPv6;
  const r = v6.range() as string;
  const p = v6.parts;
  if (r === "unicast") {
    // IPv4-compatible ::a.b.c.d (deprecated; never legitimately public)
    if (p[0] === 0 && p[1] === 0 && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) return "ipv4Compatible";
    return null;
  }
  if (r === "rfc6052" && p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0) {
    // Well-known NAT64 prefix: judge the embedded IPv4 destination.
    const v4 = new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
    const inner = classify(v4);
    return inner === null ? null : `nat64:${inner}`;
  }
  return r;
}

/** True unless `ip` is a public unicast address. */
export function isBlockedAddress(ip: string): boolean {
  return blockedAddressReason(ip) !== null;
}

/** True for hostnames blocked by name (localhost, *.localhost, cloud metadata names). */
export function isBlockedHostname(hostname: string): boolean {
  const h = normalizeHostname(hostname);
  return BLOCKED_HOSTNAMES.has(h) || BLOCKED_HOST_SUFFIXES.some((s) => h.endsWith(s));
}

/** True if the hostname is allow-listed by name (exact or wildcard suffix). */
export function isHostnameAllowListed(hostname: string, allow: AllowList): boolean {
  const h = normalizeHostname(hostname);
  return allow.entries.some(
    (e) => (e.kind === "host" && e.host === h) || (e.kind === "suffix" && h.endsWith(e.suffix) && h.length > e.suffix.length),
  );
}

/** True if the IP address falls into an allow-listed IP/CIDR. */
export function isAddressAllowListed(ip: string, allow: AllowList): boolean {
  const addr = parseIp(ip);
  if (!addr) return false;
  return allow.entries.some((e) => e.kind === "cidr" && e.range[0].kind() === addr.kind() && addr.match(e.range as [IP, number]));
}

/**
 * Ports browsers' fetch refuses to connect to ("bad ports", WHATWG Fetch §2.9); blocks protocol
 * smuggling into SMTP, IRC, etc.
 */
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export function isBadPort(port: number): boolean {
  return BAD_PORTS.has(port);
}
