// The Ed25519 key that signs audit checkpoints. It lives outside the database (the environment, or a
// 0600 file next to the SQLite data), so a database administrator who rewrites the audit table cannot
// sign a matching checkpoint. The public key is published (API, Audit page) for auditors.
import "server-only";
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import path from "node:path";
import { readOrCreateSecretFile } from "@/lib/server/secret-file";

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** base64 SPKI DER: what checkpoints carry and auditors pin. */
  publicKeyB64: string;
}

/** A key from base64 of a 32-byte seed, or from a PKCS#8 PEM. */
export function signingKeyFrom(material: string): SigningKey {
  const text = material.trim();
  const privateKey = text.startsWith("-----BEGIN")
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seedOf(text)]), format: "der", type: "pkcs8" });
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("SWITCHYARD_AUDIT_SIGNING_KEY is not an Ed25519 key");
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyB64: publicKey.export({ format: "der", type: "spki" }).toString("base64") };
}

function seedOf(text: string): Buffer {
  const seed = Buffer.from(text, "base64"); // accepts the URL-safe alphabet too
  if (seed.length !== 32) throw new Error("SWITCHYARD_AUDIT_SIGNING_KEY must be base64 of 32 bytes, or a PKCS#8 PEM");
  return seed;
}

/** A public key from base64 SPKI DER or a PEM (what an auditor pins). */
export function publicKeyFrom(material: string): KeyObject {
  const text = material.trim();
  return text.startsWith("-----BEGIN")
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" });
}

let cached: { source: string; key: SigningKey } | null = null;

/** The configured key: SWITCHYARD_AUDIT_SIGNING_KEY, else data/audit-signing.key (created on first use). */
export function auditSigningKey(configured: string | undefined, dataDir = path.resolve(process.cwd(), "data")): SigningKey {
  const material = configured ?? readOrCreateSecretFile(path.join(dataDir, "audit-signing.key"), 32);
  if (cached?.source !== material) cached = { source: material, key: signingKeyFrom(material) };
  return cached.key;
}
