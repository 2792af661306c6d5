// One mapper from errors to responses: a DomainError becomes its catalogue status and code; a
// ZodError a 400 naming each field; anything else a 500 with no internals (logged on the server).
import { ZodError } from "zod";
import { errorCatalogue, type ErrorCode } from "@/lib/errors/catalogue";
import { DomainError } from "@/lib/errors/domain-error";

export { forbidden, notFound, unauthorized } from "@/lib/errors/domain-error";

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function zodDetails(e: ZodError): { path: string; message: string }[] {
  return e.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
}

export function statusOf(code: ErrorCode): number {
  return errorCatalogue[code].status;
}

export function toErrorResponse(e: unknown): Response {
  if (e instanceof ZodError) {
    const details = zodDetails(e);
    const first = details[0];
    return Response.json(
      { error: { code: "invalid_request", message: `Invalid ${first.path}: ${first.message}`, details } },
      { status: 400 },
    );
  }
  if (e instanceof DomainError) {
    const status = e.status;
    const code = e.code;
    if (status >= 500) console.error("[api] domain error", e);
    const body: ErrorBody = { error: { code, message: e.message, details: e.details } };
    const headers =
      status === 429 && typeof (e.details as { retryAfterS?: unknown })?.retryAfterS === "number"
        ? { "retry-after": String((e.details as { retryAfterS: number }).retryAfterS) }
        : undefined;
    return Response.json(body, { status, headers });
  }
  console.error("[api] unexpected error", e);
  return Response.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}
