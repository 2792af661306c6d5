// The wrapper every API route handler uses: authenticates (session cookie or API key), checks the
// role, checks the Origin of cookie-authenticated mutations, parses params, query and body with zod,
// limits body size, and maps errors to one JSON error shape. Handlers return a plain object (200 JSON)
// or a Response.
import type { z } from "zod";
import { forbidden, toErrorResponse, unauthorized } from "./errors";
import { DomainError } from "@/lib/errors/domain-error";
import { resolveUser, type AuthMethod, type SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { getAppContext, type AppContext } from "@/lib/server/app-context";
import { checkOrigin } from "./origin";
import { readJsonBody } from "./json-body";
import { registerRouteSpec, type RouteSpec } from "./route-specs";
import { checkRouteScope, keyScope, type KeyScope, type WorkflowScopeRule } from "./key-scope";
import { refuseNul } from "./url-input";

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<B extends Schema | undefined, P extends Schema | undefined, Q extends Schema | undefined> {
  /** Roles allowed; "any" means any signed-in user. */
  roles: readonly Role[] | "any";
  body?: B;
  params?: P;
  query?: Q;
  /** Maximum request body in bytes (default SWITCHYARD_MAX_BODY_BYTES, 1 MiB); enforced while the body streams. */
  maxBodyBytes?: number;
  /** The OpenAPI document's description of the answer (see RouteSpec); every route declares `response`. */
  response?: RouteSpec["response"];
  status?: number;
  summary?: string;
  errors?: RouteSpec["errors"];
  examples?: RouteSpec["examples"];
  /**
   * How an API key limited to some workflows is checked here (./key-scope); without it such a key
   * gets 403. Sessions and unscoped keys are not affected.
   */
  workflowScope?: WorkflowScopeRule;
  /** Refuse API keys (403 session_required): managing keys and passwords needs a person signed in. */
  sessionOnly?: boolean;
}

export interface RouteContext<B, P, Q> {
  req: Request;
  user: SessionUser;
  authMethod: AuthMethod;
  /** The workflow scope of the API key that authenticated the request (not limited for sessions). */
  scope: KeyScope;
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
  const route = async (req: Request, nextCtx: NextCtx): Promise<Response> => {
    try {
      const resolved = await resolveUser(req.headers);
      if (!resolved) throw unauthorized();
      const { user, method } = resolved;
      if (opts.sessionOnly && method !== "session") {
        throw new DomainError("session_required", "Sign in to manage API keys and passwords; an API key cannot do this.");
      }
      if (opts.roles !== "any" && !opts.roles.includes(user.role)) throw forbidden();
      if (method === "session" && MUTATIONS.has(req.method)) checkOrigin(req);
      const app = getAppContext();
      const params = opts.params ? opts.params.parse(refuseNul(await nextCtx.params, "path parameter")) : undefined;
      const scope = keyScope(app.db.sql, resolved.apiKey?.workflowIds ?? null);
      await checkRouteScope(scope, opts.workflowScope, params);
      const query = opts.query
        ? opts.query.parse(refuseNul(Object.fromEntries(new URL(req.url).searchParams.entries()), "query parameter"))
        : undefined;
      const body = opts.body ? opts.body.parse(await readJsonBody(req, opts.maxBodyBytes)) : undefined;
      const out = await handler({
        req,
        user,
        authMethod: method,
        scope,
        body: body as Out<B>,
        params: params as Out<P>,
        query: query as Out<Q>,
        app,
      });
      if (out instanceof Response) return out;
      return Response.json(out ?? { ok: true });
    } catch (e) {
      return toErrorResponse(e);
    }
  };
  const { roles, params, query, body, maxBodyBytes, response, status, summary, examples } = opts;
  // Any route may refuse a workflow-scoped key (./key-scope); session-only routes refuse every key.
  const errors: RouteSpec["errors"] = [
    ...(opts.errors ?? []),
    "api_key_out_of_scope",
    ...(opts.sessionOnly ? (["session_required"] as const) : []),
  ];
  registerRouteSpec(route, { auth: "user", roles, params, query, body, maxBodyBytes, response, status, summary, errors, examples });
  return route;
}
