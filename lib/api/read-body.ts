// Reads a request body while it streams and stops at a byte limit. `req.text()` and `req.json()`
// buffer the whole body first, so a client that sends no Content-Length (chunked transfer) could
// make the server hold any amount of memory before a size check ran. Here every chunk is counted as
// it arrives and the stream is cancelled the moment the limit is passed: the answer is a 413 and at
// most `maxBytes` plus one chunk was ever held.
import { DomainError } from "@/lib/errors/domain-error";

export function payloadTooLarge(maxBytes: number): DomainError {
  return new DomainError("payload_too_large", `Request body exceeds ${maxBytes} bytes.`, { maxBytes });
}

/** The body's bytes, refusing (413) a declared or streamed length over `maxBytes`. */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    await req.body?.cancel().catch(() => undefined);
    throw payloadTooLarge(maxBytes);
  }
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as UTF-8 text (invalid sequences become U+FFFD, as `req.text()` does), limited to `maxBytes`. */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  return new TextDecoder().decode(await readBodyBytes(req, maxBytes));
}
