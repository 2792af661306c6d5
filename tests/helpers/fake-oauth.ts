// A local OAuth authorization server for the client-credentials grant: its metadata (RFC 8414) at
// /.well-known/oauth-authorization-server and a token endpoint at /token that checks the client
// (HTTP Basic or form body) and issues numbered tokens. Tests read what it was sent and revoke tokens.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface TokenRequest {
  grantType: string | null;
  scope: string | null;
  resource: string | null;
  /** How the client authenticated. */
  via: "basic" | "post" | "none";
}

export interface FakeOAuthServer {
  url: string;
  tokenUrl: string;
  requests: TokenRequest[];
  /** expires_in of the next tokens (seconds; null leaves it out). */
  expiresIn: number | null;
  /** Whether a token was issued here and not revoked. */
  valid(token: string): boolean;
  revokeAll(): void;
  close(): Promise<void>;
}

export async function startFakeOAuthServer(client: { id: string; secret: string; methods?: string[] }): Promise<FakeOAuthServer> {
  const issued = new Set<string>();
  let n = 0;
  const state = { expiresIn: 3600 as number | null };
  const requests: TokenRequest[] = [];
  const server = http.createServer((req, res) => {
    const base = `http://${req.headers.host}`;
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "GET" && req.url === "/.well-known/oauth-authorization-server") {
      json(200, {
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        response_types_supported: ["code"],
        grant_types_supported: ["client_credentials"],
        token_endpoint_auth_methods_supported: client.methods ?? ["client_secret_basic"],
      });
      return;
    }
    if (req.method !== "POST" || req.url !== "/token") {
      json(404, { error: "not_found" });
      return;
    }
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const [bid, bsecret] = basic ? Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent) : [];
      const via: TokenRequest["via"] = basic ? "basic" : form.get("client_secret") ? "post" : "none";
      requests.push({ grantType: form.get("grant_type"), scope: form.get("scope"), resource: form.get("resource"), via });
      const id = bid ?? form.get("client_id");
      const secret = bsecret ?? form.get("client_secret");
      if (id !== client.id || secret !== client.secret) {
        json(401, { error: "invalid_client" });
        return;
      }
      if (form.get("grant_type") !== "client_credentials") {
        json(400, { error: "unsupported_grant_type" });
        return;
      }
      const token = `tok-${++n}-${Math.random().toString(36).slice(2, 10)}`;
      issued.add(token);
      json(200, { access_token: token, token_type: "Bearer", ...(state.expiresIn === null ? {} : { expires_in: state.expiresIn }) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tokenUrl: `${url}/token`,
    requests,
    get expiresIn() {
      return state.expiresIn;
    },
    set expiresIn(v: number | null) {
      state.expiresIn = v;
    },
    valid: (token) => issued.has(token),
    revokeAll: () => issued.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
