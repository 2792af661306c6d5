/**
 * Encryption at rest for credentials and provider API keys (AES-256-GCM). Server-only.
 *
 * Key source, in order of precedence:
 *   1. `SWITCHYARD_SECRET_KEY`       — 32 bytes, hex (64 chars) or base64/base64url.
 *   2. `SWITCHYARD_SECRET_KEY_FILE`  — path to a file containing the key (hex/base64 text, or 32 raw bytes).
 *   3. Otherwise `./data/secret.key` (relative to the process cwd).
 * If the key file (2 or 3) does not exist, it is created on first use with a fresh random key,
 * mode 0600 (parent directory created 0700), atomically (safe if the web process and a worker start
 * together), and a warning is logged. BACK THIS FILE UP: losing it makes every stored credential
 * unreadable.
 * The key is never stored in the database. Optional `SWITCHYARD_SECRET_KEY_PREVIOUS` (comma separated,
 * same formats) lists retired keys that are still accepted for decryption during key rotation.
 *
 * Ciphertext format: `v1:<keyId>:<iv b64>:<tag b64>:<ct b64>` where keyId is the first 12 hex chars of
 * SHA-256("switchyard-secret-key:" + key). `v1:<keyId>` is bound as AES-GCM additional data, so the
 * header cannot be altered without detection, and a wrong key gives a clear error instead of garbage.
 */
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretKeySource = "env" | "file" | "generated";

export interface SecretKey {
  key: Buffer;
  /** Short, non-secret identifier of the key (embedded in every ciphertext). */
  keyId: string;
  source: SecretKeySource;
  /** Key file path when source is "file" or "generated". */
  path?: string;
}

export interface SecretKeyring {
  primary: SecretKey;
  /** Retired keys accepted for decryption only. */
  previous: SecretKey[];
}

export type SecretErrorCode = "bad_key" | "malformed" | "wrong_key" | "tampered";

export class SecretError extends Error {
  readonly code: SecretErrorCode;
  constructor(code: SecretErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SecretError";
    this.code = code;
  }
}

/** Short hash identifying a key. Safe to store/log (SHA-256 is one-way; the key has 256 bits of entropy). */
export function keyIdFor(key: Uint8Array): string {
  return createHash("sha256").update("switchyard-secret-key:").update(key).digest("hex").slice(0, 12);
}

/** Parse a key given as hex (64 chars) or base64/base64url text. Throws SecretError("bad_key"). */
export function parseKeyText(text: string, what = "secret key"): Buffer {
  const t = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, "hex");
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) key = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (!key || key.length !== KEY_BYTES) {
    throw new SecretError(
      "bad_key",
      `${what} must be ${KEY_BYTES} bytes encoded as hex (64 chars) or base64 (generate one with: openssl rand -base64 32)`,
    );
  }
  return key;
}

function makeKey(key: Buffer, source: SecretKeySource, filePath?: string): SecretKey {
  return { key, keyId: keyIdFor(key), source, ...(filePath ? { path: filePath } : {}) };
}

function readKeyFile(filePath: string): Buffer {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(filePath);
  } catch (err) {
    throw new SecretError("bad_key", `cannot read secret key file ${filePath}: ${(err as Error).message}`, { cause: err });
  }
  const text = raw.toString("utf8").trim();
  try {
    return parseKeyText(text, `secret key file ${filePath}`);
  } catch (err) {
    if (raw.length === KEY_BYTES) return raw; // raw binary key
    throw err;
  }
}

function warnIfWorldReadable(filePath: string): void {
  if (process.platform === "win32") return;
  try {
    const mode = fs.statSync(filePath).mode & 0o777;
    if (mode & 0o077) {
      console.warn(`[switchyard] secret key file ${filePath} has permissive mode ${mode.toString(8)}; run: chmod 600 ${filePath}`);
    }
  } catch {
    /* ignore */
  }
}

/** Create `filePath` atomically with a fresh key (mode 0600) unless another process wins the race. */
function createKeyFile(filePath: string): { key: Buffer; created: boolean } {
  fs.mkdirSync(path.dirname(filePath), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  const tmp = `${filePath}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  try {
    fs.linkSync(tmp, filePath); // atomic; fails with EEXIST if someone else created it first
    return { key, created: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return { key: readKeyFile(filePath), created: false };
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") {
      // Filesystem without hard links: fall back to exclusive create.
      try {
        fs.writeFileSync(filePath, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
        return { key, created: true };
      } catch (err2) {
        if ((err2 as NodeJS.ErrnoException).code === "EEXIST") return { key: readKeyFile(filePath), created: false };
        throw err2;
      }
    }
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function loadOrCreateKeyFile(filePath: string, what: string): SecretKey {
  if (fs.existsSync(filePath)) {
    warnIfWorldReadable(filePath);
    return makeKey(readKeyFile(filePath), "file", filePath);
  }
  const { key, created } = createKeyFile(filePath);
  if (created) {
    console.warn(
      `[switchyard] generated a new secret key at ${filePath} (${what}; mode 0600). ` +
        "Back it up: stored credentials cannot be decrypted without it.",
    );
  }
  return makeKey(key, created ? "generated" : "file", filePath);
}

export interface ResolveKeyOptions {
  env?: Record<string, string | undefined>;
  /** Base directory for the default `data/secret.key` (default: process.cwd()). */
  cwd?: string;
}

/** Resolve the keyring from the environment (uncached; may create the default key file). */
export function resolveSecretKeyring(opts: ResolveKeyOptions = {}): SecretKeyring {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  let primary: SecretKey;
  const envKey = env.SWITCHYARD_SECRET_KEY?.trim();
  const envFile = env.SWITCHYARD_SECRET_KEY_FILE?.trim();
  if (envKey) {
    primary = makeKey(parseKeyText(envKey, "SWITCHYARD_SECRET_KEY"), "env");
  } else {
    const filePath = envFile ? path.resolve(cwd, envFile) : path.resolve(cwd, "data", "secret.key");
    primary = loadOrCreateKeyFile(filePath, envFile ? "SWITCHYARD_SECRET_KEY_FILE" : "the default key file");
  }
  const previous = (env.SWITCHYARD_SECRET_KEY_PREVIOUS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => makeKey(parseKeyText(s, "SWITCHYARD_SECRET_KEY_PREVIOUS entry"), "env"));
  return { primary, previous };
}

let cachedKeyring: SecretKeyring | undefined;

function keyring(): SecretKeyring {
  cachedKeyring ??= resolveSecretKeyring();
  return cachedKeyring;
}

/** The current encryption key (resolved once per process, then cached). */
export function loadKey(): SecretKey {
  return keyring().primary;
}

/** Forget the cached key (tests, or after rotating env vars in-process). */
export function resetSecretKeyCache(): void {
  cachedKeyring = undefined;
}

/** True if the string looks like an output of encryptSecret (any version this module knows). */
export function isEncryptedSecret(value: string): boolean {
  return /^v1:[0-9a-f]{12}:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/.test(value);
}

/** Encrypt a secret string. `key` defaults to loadKey(). */
export function encryptSecret(plain: string, key: SecretKey = loadKey()): string {
  if (typeof plain !== "string") throw new TypeError("encryptSecret expects a string (use encryptSecretJson for objects)");
  const iv = randomBytes(IV_BYTES);
  const header = `${VERSION}:${key.keyId}`;
  const cipher = createCipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(header, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `${header}:${iv.toString("base64")}:${tag.toString("base64")}:${ct.toString("base64")}`;
}

/**
 * Decrypt the output of encryptSecret. `keys` defaults to the current key plus
 * SWITCHYARD_SECRET_KEY_PREVIOUS. Throws SecretError with code malformed | wrong_key | tampered.
 */
export function decryptSecret(ciphertext: string, keys?: SecretKey | SecretKey[]): string {
  if (typeof ciphertext !== "string") throw new SecretError("malformed", "encrypted secret must be a string");
  const parts = ciphertext.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    const version = parts.length > 1 ? parts[0] : "(none)";
    throw new SecretError(
      "malformed",
      parts[0] !== VERSION && parts.length === 5
        ? `unsupported encrypted secret version "${version}"`
        : "malformed encrypted secret (expected v1:<keyId>:<iv>:<tag>:<ciphertext>)",
    );
  }
  const [, keyId, ivB64, tagB64, ctB64] = parts;
  const iv = Buffer.from(ivB64, "base64");
  const tag = Buffer.from(tagB64, "base64");
  const ct = Buffer.from(ctB64, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretError("malformed", "malformed encrypted secret (bad IV or auth tag length)");
  }
  const candidates = keys === undefined ? [keyring().primary, ...keyring().previous] : Array.isArray(keys) ? keys : [keys];
  const key = candidates.find((k) => k.keyId === keyId);
  if (!key) {
    const current = candidates[0]?.keyId ?? "(none)";
    throw new SecretError(
      "wrong_key",
      `secret was encrypted with key id ${keyId}, but the configured key has id ${current}. ` +
        "Set SWITCHYARD_SECRET_KEY / SWITCHYARD_SECRET_KEY_FILE to the key that encrypted it " +
        "(or add it to SWITCHYARD_SECRET_KEY_PREVIOUS while rotating).",
    );
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${VERSION}:${keyId}`, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch (err) {
    throw new SecretError("tampered", "encrypted secret failed authentication (corrupted or tampered ciphertext)", {
      cause: err,
    });
  }
}

/** Encrypt any JSON-serializable value. */
export function encryptSecretJson(value: unknown, key?: SecretKey): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError("encryptSecretJson: value is not JSON-serializable");
  return encryptSecret(json, key);
}

/** Decrypt a value encrypted with encryptSecretJson. */
export function decryptSecretJson<T = unknown>(ciphertext: string, keys?: SecretKey | SecretKey[]): T {
  return JSON.parse(decryptSecret(ciphertext, keys)) as T;
}

export const REDACTED = "[REDACTED]";

/**
 * Deep-copy a JSON-like value, replacing every occurrence of any of `secrets` inside strings (values
 * and object keys) with "[REDACTED]". The URL-encoded form of each secret is redacted too. Empty
 * secrets are ignored; longer secrets are replaced first. Arrays and plain objects are walked; other
 * objects (Date, Buffer, class instances) are returned as-is. The input is not mutated.
 */
export function redactSecrets<T = unknown>(value: T, secrets: readonly string[]): T {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== "string" || s.length === 0) continue;
    needles.add(s);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) needles.add(encoded);
  }
  if (needles.size === 0) return value;
  const sorted = [...needles].sort((a, b) => b.length - a.length);
  const redactString = (str: string): string => {
    let out = str;
    for (const n of sorted) if (out.includes(n)) out = out.split(n).join(REDACTED);
    return out;
  };
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return redactString(v);
    if (v === null || typeof v !== "object") return v;
    if (seen.has(v)) return seen.get(v);
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const item of v) out.push(walk(item));
      return out;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [k, item] of Object.entries(v)) out[redactString(k)] = walk(item);
    return out;
  };
  return walk(value) as T;
}
