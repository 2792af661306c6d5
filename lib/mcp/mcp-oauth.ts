// OAuth client-credentials auth for MCP servers (RFC 6749 §4.4), for servers that support it. The
// token endpoint is the credential's token URL or, left empty, the one the server advertises: its
// protected resource metadata (RFC 9728) names the authorization server, whose metadata (RFC 8414 /
// OpenID discovery) names the token endpoint; both found with the SDK's discovery through the
// SSRF-safe fetch. The client id and secret go to the token endpoint only (HTTP Basic, or the form
// body when the server supports only client_secret_post), with the server as `resource` (RFC 8707).
// Tokens are cached per process until shortly before they expire, shared by every connection with
// the same client; a 401 from the MCP server drops the token and the request is sent once more with
// a new one. The secret lives only in the worker or the app's server: never in a browser response.
import "server-only";
import { z } from "zod";
import { discoverOAuthServerInfo } from "@modelcontextprotocol/sdk/client/auth.js";
import { NonRetriableError } from "@/lib/engine/errors";
import { hashJson } from "@/lib/security/hash";
import { credentialHeaders, credentialSecretValues, oauthClientBasic } from "@/lib/credentials/credential-headers";
import type { CredentialSecret } from "@/lib/credentials/credential-schemas";
import { mcpFetchLike, type McpFetch } from "@/lib/mcp/mcp-connect";

export interface McpOAuthClient {
  clientId: string;
  clientSecret: string;
  /** Empty: discover it from the MCP server. */
  tokenUrl: string;
  scope: string;
}

/** How Switchyard authenticates to one MCP server. */
export interface McpAuth {
  headers: Record<string, string>;
  /** Strings never stored or logged. */
  secrets: string[];
  oauth?: McpOAuthClient;
}

export function mcpAuthOf(secret: CredentialSecret): McpAuth {
  const secrets = credentialSecretValues(secret);
  if (secret.type !== "oauth_client_credentials") return { headers: credentialHeaders(secret), secrets };
  const { clientId, clientSecret, tokenUrl, scope } = secret;
  return { headers: {}, secrets, oauth: { clientId, clientSecret, tokenUrl, scope } };
}

const TOKEN_TIMEOUT_MS = 15_000;
/** A token is renewed this long before it expires (at most half its lifetime). */
const EXPIRY_MARGIN_MS = 30_000;
/** Clients whose token is kept (oldest dropped first). */
const MAX_CACHED = 500;

const tokenResponse = z.object({
  access_token: z.string().min(1).max(16_000),
  token_type: z.string().refine((t) => t.toLowerCase() === "bearer", "token_type must be Bearer"),
  expires_in: z.coerce.number().positive().optional(),
});

interface CachedToken {
  token: string;
  /** null: until the server refuses it. */
  renewAtMs: number | null;
}

function tokenError(message: string): NonRetriableError {
  return new NonRetriableError(message, "mcp_oauth_failed");
}

/** The token endpoint and how the client authenticates to it. */
async function tokenEndpoint(
  client: McpOAuthClient,
  serverUrl: string,
  fetch: McpFetch,
): Promise<{ url: string; post: boolean; resource: string }> {
  if (client.tokenUrl) return { url: client.tokenUrl, post: false, resource: serverUrl };
  let info: Awaited<ReturnType<typeof discoverOAuthServerInfo>>;
  try {
    info = await discoverOAuthServerInfo(serverUrl, { fetchFn: mcpFetchLike(fetch) });
  } catch (e) {
    throw tokenError(`Could not discover the OAuth token endpoint of ${serverUrl}: ${(e as Error).message}`);
  }
  const url = info.authorizationServerMetadata?.token_endpoint;
  if (!url) {
    throw tokenError(`${serverUrl} does not advertise an OAuth token endpoint: set the token URL on the credential`);
  }
  const methods = info.authorizationServerMetadata?.token_endpoint_auth_methods_supported ?? [];
  const post = methods.length > 0 && !methods.includes("client_secret_basic") && methods.includes("client_secret_post");
  return { url, post, resource: info.resourceMetadata?.resource ?? serverUrl };
}

async function requestToken(client: McpOAuthClient, serverUrl: string, fetch: McpFetch): Promise<CachedToken> {
  const endpoint = await tokenEndpoint(client, serverUrl, fetch);
  const form = new URLSearchParams({ grant_type: "client_credentials", resource: endpoint.resource });
  if (client.scope) form.set("scope", client.scope);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (endpoint.post) {
    form.set("client_id", client.clientId);
    form.set("client_secret", client.clientSecret);
  } else headers.authorization = oauthClientBasic(client.clientId, client.clientSecret);
  const res = await fetch(endpoint.url, {
    method: "POST",
    headers,
    body: form.toString(),
    timeoutMs: TOKEN_TIMEOUT_MS,
    maxResponseBytes: 64 * 1024,
  });
  const text = await res.text();
  if (!res.ok) throw tokenError(`The OAuth token endpoint ${endpoint.url} answered ${res.status}: ${text.slice(0, 300)}`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw tokenError(`The OAuth token endpoint ${endpoint.url} did not answer JSON`);
  }
  const parsed = tokenResponse.safeParse(body);
  if (!parsed.success) throw tokenError(`The OAuth token endpoint ${endpoint.url} gave no usable token: ${parsed.error.issues[0].message}`);
  const lifetimeMs = parsed.data.expires_in === undefined ? null : parsed.data.expires_in * 1000;
  return {
    token: parsed.data.access_token,
    renewAtMs: lifetimeMs === null ? null : Date.now() + lifetimeMs - Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2),
  };
}

/** Tokens by client (id, secret, token URL, scope) and MCP server. */
export class McpTokenCache {
  private readonly tokens = new Map<string, Promise<CachedToken>>();
  /** Token requests made (tests and the benchmark read it). */
  requests = 0;

  private key(client: McpOAuthClient, serverUrl: string): string {
    return hashJson({ ...client, serverUrl });
  }

  /** A token that is not about to expire (requested when there is none). */
  async token(client: McpOAuthClient, serverUrl: string, fetch: McpFetch): Promise<string> {
    const key = this.key(client, serverUrl);
    const cached = this.tokens.get(key);
    if (cached) {
      const t = await cached.catch(() => null);
      if (t && (t.renewAtMs === null || Date.now() < t.renewAtMs)) return t.token;
      if (this.tokens.get(key) !== cached) return this.token(client, serverUrl, fetch);
    }
    this.requests++;
    const next = requestToken(client, serverUrl, fetch);
    this.tokens.delete(key);
    this.tokens.set(key, next);
    if (this.tokens.size > MAX_CACHED) this.tokens.delete(this.tokens.keys().next().value!);
    next.catch(() => {
      if (this.tokens.get(key) === next) this.tokens.delete(key);
    });
    return (await next).token;
  }

  /** The server refused `token`: forget it (unless another request already replaced it). */
  async refused(client: McpOAuthClient, serverUrl: string, token: string): Promise<void> {
    const key = this.key(client, serverUrl);
    const cached = this.tokens.get(key);
    if (cached && (await cached.catch(() => null))?.token === token && this.tokens.get(key) === cached) this.tokens.delete(key);
  }
}

/** The process's tokens (the worker's MCP calls and the app's tool refreshes). */
export const mcpTokens = new McpTokenCache();

function withBearer(headers: unknown, token: string): Headers {
  const h = new Headers(headers as HeadersInit | undefined);
  h.set("authorization", `Bearer ${token}`);
  return h;
}

/**
 * The fetch an MCP client sends through: with OAuth, every request carries the client's token, and
 * a 401 is answered by fetching a new token and sending the request once more.
 */
export function mcpAuthFetch(fetch: McpFetch, auth: McpAuth, serverUrl: string, tokens: McpTokenCache = mcpTokens): McpFetch {
  const client = auth.oauth;
  if (!client) return fetch;
  return async (url, init) => {
    const token = await tokens.token(client, serverUrl, fetch);
    const res = await fetch(url, { ...init, headers: withBearer(init.headers, token) });
    if (res.status !== 401) return res;
    await res.body?.cancel().catch(() => undefined);
    await tokens.refused(client, serverUrl, token);
    const fresh = await tokens.token(client, serverUrl, fetch);
    return fetch(url, { ...init, headers: withBearer(init.headers, fresh) });
  };
}
