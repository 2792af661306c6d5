import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  SecretError,
  decryptSecret,
  decryptSecretJson,
  encryptSecret,
  encryptSecretJson,
  isEncryptedSecret,
  keyIdFor,
  loadKey,
  parseKeyText,
  redactSecrets,
  resetSecretKeyCache,
  resolveSecretKeyring,
} from "./secrets";

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const ENV_VARS = ["SWITCHYARD_SECRET_KEY", "SWITCHYARD_SECRET_KEY_FILE", "SWITCHYARD_SECRET_KEY_PREVIOUS"] as const;

function catchError(fn: () => unknown): SecretError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SecretError);
    return err as SecretError;
  }
  throw new Error("expected function to throw");
}

describe("secrets", () => {
  const saved: Partial<Record<string, string | undefined>> = {};
  beforeEach(() => {
    for (const k of ENV_VARS) saved[k] = process.env[k];
    for (const k of ENV_VARS) delete process.env[k];
    process.env.SWITCHYARD_SECRET_KEY = KEY_A.toString("base64");
    resetSecretKeyCache();
  });
  afterEach(() => {
    for (const k of ENV_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetSecretKeyCache();
    vi.restoreAllMocks();
  });

  it("round-trips strings (incl. unicode and empty) with a fresh IV each time", () => {
    for (const plain of ["sk-live-123", "", "pässwörd 🔑", "x".repeat(10_000)]) {
      const ct = encryptSecret(plain);
      expect(isEncryptedSecret(ct)).toBe(true);
      expect(ct).not.toContain(plain || "\u0000");
      expect(decryptSecret(ct)).toBe(plain);
    }
    expect(encryptSecret("same")).not.toBe(encryptSecret("same"));
  });

  it("uses the documented v1 format with the key id", () => {
    const ct = encryptSecret("hello");
    const [v, keyId, iv, tag, body] = ct.split(":");
    expect(v).toBe("v1");
    expect(keyId).toBe(keyIdFor(KEY_A));
    expect(keyId).toBe(loadKey().keyId);
    expect(Buffer.from(iv, "base64")).toHaveLength(12);
    expect(Buffer.from(tag, "base64")).toHaveLength(16);
    expect(Buffer.from(body, "base64")).toHaveLength(5);
    expect(ct).not.toContain(KEY_A.toString("base64"));
  });

  it("round-trips JSON", () => {
    const value = { apiKey: "sk-1", nested: { list: [1, "two", null] } };
    expect(decryptSecretJson(encryptSecretJson(value))).toEqual(value);
  });

  it("detects tampering of ciphertext, tag, IV and header", () => {
    const ct = encryptSecret("top secret value");
    const parts = ct.split(":");
    const flip = (b64: string) => {
      const buf = Buffer.from(b64, "base64");
      buf[0] ^= 1;
      return buf.toString("base64");
    };
    for (const idx of [2, 3, 4]) {
      const p = [...parts];
      p[idx] = flip(p[idx]);
      const err = catchError(() => decryptSecret(p.join(":")));
      expect(err.code).toBe("tampered");
      expect(err.message).toMatch(/tampered/);
    }
    expect(catchError(() => decryptSecret("not a secret")).code).toBe("malformed");
    expect(catchError(() => decryptSecret("v2:abc:a:b:c")).message).toMatch(/unsupported encrypted secret version "v2"/);
    expect(catchError(() => decryptSecret(`${parts.slice(0, 2).join(":")}:AAAA:${parts[3]}:${parts[4]}`)).code).toBe("malformed");
  });

  it("gives a clear error for the wrong key", () => {
    const ct = encryptSecret("abc");
    process.env.SWITCHYARD_SECRET_KEY = KEY_B.toString("hex");
    resetSecretKeyCache();
    const err = catchError(() => decryptSecret(ct));
    expect(err.code).toBe("wrong_key");
    expect(err.message).toContain(`encrypted with key id ${keyIdFor(KEY_A)}`);
    expect(err.message).toContain(`configured key has id ${keyIdFor(KEY_B)}`);
    // ...and decrypts again once the old key is listed as previous (rotation)
    process.env.SWITCHYARD_SECRET_KEY_PREVIOUS = KEY_A.toString("base64url");
    resetSecretKeyCache();
    expect(decryptSecret(ct)).toBe("abc");
    expect(encryptSecret("new").split(":")[1]).toBe(keyIdFor(KEY_B));
  });

  it("parses hex, base64 and base64url keys and rejects bad ones", () => {
    expect(parseKeyText(KEY_A.toString("hex"))).toEqual(KEY_A);
    expect(parseKeyText(KEY_A.toString("base64"))).toEqual(KEY_A);
    expect(parseKeyText(` ${KEY_A.toString("base64url")}\n`)).toEqual(KEY_A);
    expect(catchError(() => parseKeyText("too-short")).code).toBe("bad_key");
    expect(catchError(() => parseKeyText(randomBytes(16).toString("base64"))).code).toBe("bad_key");
    process.env.SWITCHYARD_SECRET_KEY = "nope";
    resetSecretKeyCache();
    expect(() => encryptSecret("x")).toThrow(/SWITCHYARD_SECRET_KEY must be 32 bytes/);
  });

  describe("key files", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-secrets-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads SWITCHYARD_SECRET_KEY_FILE (text or raw bytes)", () => {
      const textFile = path.join(dir, "k.txt");
      fs.writeFileSync(textFile, `${KEY_B.toString("hex")}\n`, { mode: 0o600 });
      const ring = resolveSecretKeyring({ env: { SWITCHYARD_SECRET_KEY_FILE: textFile } });
      expect(ring.primary.key).toEqual(KEY_B);
      expect(ring.primary.source).toBe("file");
      const rawFile = path.join(dir, "k.bin");
      fs.writeFileSync(rawFile, KEY_A, { mode: 0o600 });
      expect(resolveSecretKeyring({ env: { SWITCHYARD_SECRET_KEY_FILE: rawFile } }).primary.key).toEqual(KEY_A);
      const badFile = path.join(dir, "bad.txt");
      fs.writeFileSync(badFile, "not a key\n");
      expect(() => resolveSecretKeyring({ env: { SWITCHYARD_SECRET_KEY_FILE: badFile } })).toThrow(/must be 32 bytes/);
    });

    it("creates a missing SWITCHYARD_SECRET_KEY_FILE (mode 0600) on first use", () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const file = path.join(dir, "nested", "secret.key");
      const ring = resolveSecretKeyring({ env: { SWITCHYARD_SECRET_KEY_FILE: file } });
      expect(ring.primary).toMatchObject({ source: "generated", path: file });
      if (process.platform !== "win32") expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(parseKeyText(fs.readFileSync(file, "utf8"))).toEqual(ring.primary.key);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(resolveSecretKeyring({ env: { SWITCHYARD_SECRET_KEY_FILE: file } }).primary.key).toEqual(ring.primary.key);
    });

    it("generates ./data/secret.key with mode 0600 when nothing is configured, then reuses it", () => {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      const first = resolveSecretKeyring({ env: {}, cwd: dir });
      const file = path.join(dir, "data", "secret.key");
      expect(first.primary.source).toBe("generated");
      expect(first.primary.path).toBe(file);
      expect(fs.existsSync(file)).toBe(true);
      if (process.platform !== "win32") expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("generated a new secret key"));
      expect(fs.readdirSync(path.join(dir, "data"))).toEqual(["secret.key"]); // no temp files left
      const second = resolveSecretKeyring({ env: {}, cwd: dir });
      expect(second.primary.source).toBe("file");
      expect(second.primary.key).toEqual(first.primary.key);
      const ct = encryptSecret("persisted", first.primary);
      expect(decryptSecret(ct, second.primary)).toBe("persisted");
    });
  });

  it("loadKey is cached", () => {
    const a = loadKey();
    process.env.SWITCHYARD_SECRET_KEY = KEY_B.toString("base64");
    expect(loadKey()).toBe(a);
    resetSecretKeyCache();
    expect(loadKey().keyId).toBe(keyIdFor(KEY_B));
  });
});

describe("redactSecrets", () => {
  it("deep-replaces secrets in strings without mutating the input", () => {
    const input = {
      url: "https://api.example.com/?key=sk-abc123&x=1",
      headers: { authorization: "Bearer sk-abc123" },
      list: ["ok", "tok:p@ss word", 42, null, true, { deep: ["sk-abc123sk-abc123"] }],
      "sk-abc123": "key named after secret",
      query: "pw=p%40ss%20word",
    };
    const copy = structuredClone(input);
    const out = redactSecrets(input, ["sk-abc123", "p@ss word", ""]);
    expect(out).toEqual({
      url: "https://api.example.com/?key=[REDACTED]&x=1",
      headers: { authorization: "Bearer [REDACTED]" },
      list: ["ok", "tok:[REDACTED]", 42, null, true, { deep: ["[REDACTED][REDACTED]"] }],
      "[REDACTED]": "key named after secret",
      query: "pw=[REDACTED]",
    });
    expect(input).toEqual(copy);
  });

  it("prefers longer secrets when one contains another", () => {
    expect(redactSecrets("abc-abcdef", ["abc", "abcdef"])).toBe("[REDACTED]-[REDACTED]");
  });

  it("handles primitives, no secrets and cycles", () => {
    expect(redactSecrets(5, ["5"])).toBe(5);
    expect(redactSecrets("x", [])).toBe("x");
    const cyc: Record<string, unknown> = { s: "secret" };
    cyc.self = cyc;
    const out = redactSecrets(cyc, ["secret"]) as Record<string, unknown>;
    expect(out.s).toBe("[REDACTED]");
    expect(out.self).toBe(out);
  });
});
