// Error codes any layer may raise: authentication, input and generic conflicts.
import type { CodeTable } from "../code-table";

export const commonCodes = {
  unauthorized: { status: 401, explain: "No valid session or API key: sign in, or send a valid key." },
  forbidden: { status: 403, explain: "Your role (or your key's scope) does not allow this action." },
  bad_origin: { status: 403, explain: "A cookie-authenticated change came without our own Origin header (CSRF defence)." },
  not_found: { status: 404, explain: "The resource does not exist, or you may not see it." },
  invalid_request: { status: 400, explain: "The request's parameters, query or body did not match the schema; details name each field." },
  malformed_json: { status: 400, explain: "The body is not valid JSON (or nests deeper than allowed)." },
  invalid_cursor: { status: 400, explain: "The pagination cursor is malformed or from another listing." },
  validation_failed: { status: 422, explain: "The input is well-formed but breaks a rule; `details` lists each problem." },
  conflict: { status: 409, explain: "The resource changed meanwhile; reload and try again." },
  payload_too_large: { status: 413, explain: "The body or value is larger than the limit for this route." },
  rate_limited: { status: 429, explain: "Too many requests; wait for the time in Retry-After." },
  not_supported: { status: 501, explain: "This deployment does not support the operation." },
  internal: { status: 500, explain: "Something went wrong on our side; the server log has the details." },
} as const satisfies CodeTable;
