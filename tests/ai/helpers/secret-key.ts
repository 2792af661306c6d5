// A fixed encryption key for the AI suites (never the repository's data/secret.key).
import { resetSecretKeyCache } from "@/lib/security/secrets";

export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString("base64");

export function applyTestSecretKey(): void {
  process.env.SWITCHYARD_SECRET_KEY = TEST_SECRET_KEY;
  resetSecretKeyCache();
}
