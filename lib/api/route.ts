// The wrapper every API route handler uses: authenticates (session cookie or API key), checks the
// role, checks the Origin of cookie-authenticated mutations, parses params, query and body with zod,
// limits body size, and maps errors to one JSON error shape. Handlers return a plain object (200 JSON)
// or a Response.
import type { z } from "zod";
import { ApiError, forbidden, toErrorResponse, unauthorized } from "./errors";
import { resolveUser, type AuthMethod, type SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { getAppContext, type AppContext } from "@/lib/server/app-context";
import { checkOrigin } from "./origin";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<B extends Schema | undefined, P extends Schema | undefined, Q extends Schema | undefined> {
  /** Roles allowed; "any" means any signed-in user. */
  roles: readonly Role[] | "any";
  body?: B;
  params?: P;
  query?: Q;
  /** Maximum request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
}

export interface RouteContext<B, P, Q> {
  req: Request;
  user: SessionUser;
  authMethod: AuthMethod;
  body: B;
  params: P;
  query: Q;
  app: AppContext;
}

type NextCtx = { params: Promise<Record<string, string | string[] | undefined>> };

const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function apiRoute<
  B extends Schema | undefined = undefined,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
>(
  opts: RouteOptions<B, P, Q>,
  handler: (ctx: RouteContext<Out<B>, Out<P>, Out<Q>>) => Promise<unknown>,
): (req: Request, ctx: NextCtx) => Promise<Response> {
  return async (req, nextCtx) => {
    try {
      const resolved = await resolveUser(req.headers);
      if (!resolved) throw unauthorized();
      const { user, method } = resolved;
      if (opts.roles !== "any" && !opts.roles.includes(user.role)) throw forbidden();
      if (method === "session" && MUTATIONS.has(req.method)) checkOrigin(req);
      const params = opts.params ? opts.params.parse(await nextCtx.params) : undefined;
      const query = opts.query ? opts.query.parse(Object.fromEntries(new URL(req.url).searchParams.entries())) : undefined;
      const body = opts.body ? opts.body.parse(await readJson(req, opts.maxBodyBytes ?? 1024 * 1024)) : undefined;
      const out = await handler({
        req,
        user,
        authMethod: method,
        body: body as Out<B>,
        params: params as Out<P>,
        query: query as Out<Q>,
        app: getAppContext(),
      });
      if (out instanceof Response) return out;
      return Response.json(out ?? { ok: true });
    } catch (e) {
      return toErrorResponse(e);
    }
  };
}

async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const len = Number(req.headers.get("content-length") ?? "0");
  if (len > maxBytes) throw new ApiError(413, "payload_too_large", `Request body exceeds ${maxBytes} bytes.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) {
    throw new ApiError(413, "payload_too_large", `Request body exceeds ${maxBytes} bytes.`);
  }
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "malformed_json", "Request body is not valid JSON.");
  }
}
