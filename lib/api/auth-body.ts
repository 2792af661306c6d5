// The better-auth endpoints read their bodies whole with `request.json()`. Before handing a request
// to them, read its body here with the streaming limit (SWITCHYARD_MAX_AUTH_BODY_BYTES), apply the
// same JSON checks as every other route when it is JSON, and pass on a new Request holding only the
// bytes that were accepted. better-auth's own update-user endpoint lets a user rename themselves, so
// a `name` sent there goes through the same name rules as an admin-created user's.
import { z } from "zod";
import { newUserSchema } from "@/lib/auth/users";
import { parseUntrustedJson } from "./json-body";
import { requestLimits } from "./limits";
import { readBodyBytes } from "./read-body";

const updateUserBody = z.looseObject({ name: newUserSchema.shape.name.optional() });

export async function guardAuthRequest(req: Request): Promise<Request> {
  if (req.method === "GET" || req.method === "HEAD") return req;
  let bytes: Uint8Array<ArrayBuffer> = await readBodyBytes(req, requestLimits().authBodyBytes);
  const type = req.headers.get("content-type") ?? "";
  if (bytes.byteLength > 0 && type.includes("json")) {
    const json = parseUntrustedJson(new TextDecoder().decode(bytes));
    if (new URL(req.url).pathname.endsWith("/update-user")) {
      bytes = new TextEncoder().encode(JSON.stringify(updateUserBody.parse(json)));
    }
  }
  const headers = new Headers(req.headers);
  headers.delete("transfer-encoding");
  headers.set("content-length", String(bytes.byteLength));
  return new Request(req.url, { method: req.method, headers, body: bytes.byteLength > 0 ? bytes : undefined, signal: req.signal });
}
