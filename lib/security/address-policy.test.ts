import { describe, expect, it } from "vitest";
import {
  blockedAddressReason,
  isAddressAllowListed,
  isBadPort,
  isBlockedAddress,
  isBlockedHostname,
  isHostnameAllowListed,
  normalizeHostname,
  parseAllowList,
} from "./address-policy";

describe("isBlockedAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "broadcast"],
    ["192.0.2.1", "reserved"],
    ["240.0.0.1", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:a9fe:a9fe", "linkLocal"],
    ["::7f00:1", "ipv4Compatible"],
    ["64:ff9b::7f00:1", "nat64:loopback"],
    ["64:ff9b::a9fe:a9fe", "nat64:linkLocal"],
    ["2002:7f00:1::", "6to4"],
    ["2001:0:4136:e378::1", "teredo"],
    ["2001:db8::1", "reserved"],
    ["[::1]", "loopback"],
    ["fe80::1%eth0", "linkLocal"],
    ["not-an-ip", "invalid"],
  ])("%s is blocked (%s)", (ip, reason) => {
    expect(blockedAddressReason(ip)).toBe(reason);
    expect(isBlockedAddress(ip)).toBe(true);
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
  ])("%s is public", (ip) => {
    expect(blockedAddressReason(ip)).toBeNull();
  });
});

describe("hostnames", () => {
  it("normalizes", () => {
    expect(normalizeHostname("[::1]")).toBe("::1");
    expect(normalizeHostname("Example.COM.")).toBe("example.com");
  });
  it("blocks metadata and localhost names", () => {
    for (const h of [
      "localhost",
      "LOCALHOST.",
      "foo.localhost",
      "metadata.google.internal",
      "Metadata.Google.Internal.",
      "metadata",
      "instance-data",
    ]) {
      expect(isBlockedHostname(h)).toBe(true);
    }
    for (const h of ["example.com", "localhost.example.com", "metadata.example.com"]) {
      expect(isBlockedHostname(h)).toBe(false);
    }
  });
});

describe("allow-list", () => {
  const allow = parseAllowList(["127.0.0.1", "10.0.0.0/8, fd00::/8", "api.internal", "*.corp.example", "[::1]", "::ffff:192.168.0.0/112"]);
  it("matches IPs and CIDRs (incl. IPv4-mapped forms)", () => {
    expect(isAddressAllowListed("127.0.0.1", allow)).toBe(true);
    expect(isAddressAllowListed("::ffff:127.0.0.1", allow)).toBe(true);
    expect(isAddressAllowListed("127.0.0.2", allow)).toBe(false);
    expect(isAddressAllowListed("10.200.3.4", allow)).toBe(true);
    expect(isAddressAllowListed("fd00::5", allow)).toBe(true);
    expect(isAddressAllowListed("::1", allow)).toBe(true);
    expect(isAddressAllowListed("192.168.4.4", allow)).toBe(true);
    expect(isAddressAllowListed("192.169.0.1", allow)).toBe(false);
    expect(isAddressAllowListed("169.254.169.254", allow)).toBe(false);
  });
  it("matches hostnames exactly or by wildcard suffix", () => {
    expect(isHostnameAllowListed("API.internal.", allow)).toBe(true);
    expect(isHostnameAllowListed("x.api.internal", allow)).toBe(false);
    expect(isHostnameAllowListed("svc.corp.example", allow)).toBe(true);
    expect(isHostnameAllowListed("corp.example", allow)).toBe(false);
    expect(isHostnameAllowListed("evilcorp.example", allow)).toBe(false);
  });
  it("accepts the raw env string and rejects bad CIDRs", () => {
    expect(parseAllowList("127.0.0.1, 10.0.0.0/8  api.internal").entries).toHaveLength(3);
    expect(parseAllowList(undefined).entries).toHaveLength(0);
    expect(() => parseAllowList(["10.0.0.0/99"])).toThrow(/invalid CIDR/);
  });
  it("bad ports", () => {
    expect(isBadPort(25)).toBe(true);
    expect(isBadPort(443)).toBe(false);
  });
});
