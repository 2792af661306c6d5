// One API error type and one mapper: anything carrying a numeric `status` and a `code` becomes that
// response; everything else is a 500 with no internals (the error is logged on the server).
import { ZodError } from "zod";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const unauthorized = () => new ApiError(401, "unauthorized", "Sign in to continue.");
export const forbidden = (msg = "Your role does not allow this action.") => new ApiError(403, "forbidden", msg);
export const notFound = (what = "Resource") => new ApiError(404, "not_found", `${what} not found.`);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function zodDetails(e: ZodError): { path: string; message: string }[] {
  return e.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message }));
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
  if (e && typeof e === "object" && "status" in e && "code" in e && typeof e.status === "number") {
    const status = e.status >= 400 && e.status < 600 ? e.status : 500;
    const err = e as { code: unknown; message?: unknown; details?: unknown; problems?: unknown };
    const body: ErrorBody = {
      error: {
        code: String(err.code),
        message: typeof err.message === "string" ? err.message : "Request failed.",
        details: err.details ?? err.problems,
      },
    };
    return Response.json(body, { status });
  }
  console.error("[api] unexpected error", e);
  return Response.json({ error: { code: "internal", message: "Something went wrong on our side." } }, { status: 500 });
}
