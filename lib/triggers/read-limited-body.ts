// Reads a request body while streaming and stops at the limit: a body without Content-Length (chunked)
// is never held in memory beyond `maxBytes` + one chunk before the 413.
import { DomainError } from "@/lib/errors/domain-error";

export async function readLimitedBody(req: Request, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new DomainError("payload_too_large", `The body is larger than this webhook's limit of ${maxBytes} bytes.`);
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge();
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}
