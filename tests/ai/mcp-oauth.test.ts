// OAuth client-credentials auth for MCP servers, against a local OAuth token endpoint and the
// SDK-built test MCP server requiring its bearer tokens: the token endpoint discovered from the
// server's protected resource metadata (or the credential's token URL), one token for the refresh and
// every call until it expires or the server refuses it (then a new one, the request sent once more),
// and the client secret only ever sent to the token endpoint: never stored in clear, never listed.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDb } from "@/tests/helpers/test-db";
import { startFakeMcpServer, type FakeMcpServer } from "@/scripts/fake-mcp/server";
import { startFakeOAuthServer, type FakeOAuthServer } from "@/tests/helpers/fake-oauth";
import { safeFetch } from "@/lib/security/safe-fetch";
import { createCredential, getCredential, listCredentials } from "@/lib/credentials/credential-service";
import { credentialCreateSchema } from "@/lib/credentials/credential-schemas";
import { createCredentialResolver, resolveCredentialForRole } from "@/lib/credentials/credential-resolver";
import { createMcpServer, refreshMcpTools } from "@/lib/mcp/mcp-server-service";
import { mcpServerCreateSchema } from "@/lib/mcp/mcp-schemas";
import { mcpTokens } from "@/lib/mcp/mcp-oauth";
import type { AgentOutput } from "@/lib/agents/agent-types";
import { createAgentHarness, type AgentHarness } from "./helpers/agent-harness";
import { agentConfig, agentGraph, final } from "./helpers/agent-graph";

const CLIENT_ID = "switchyard-agent";
const CLIENT_SECRET = "cs-oauth-secret-4e8a1b7c";

describeEachDb("OAuth client credentials for MCP servers", (dialect) => {
  let h: AgentHarness;
  let oauth: FakeOAuthServer;
  let mcp: FakeMcpServer;
  let credentialId: string;
  let serverId: string;
  const fetch = (url: string, init: Parameters<typeof safeFetch>[1]) => safeFetch(url, { ...init, allowHosts: ["127.0.0.1"] });
  const refresh = (id: string) => refreshMcpTools(h.db.sql, id, null, { fetch, stdioCommands: {} });

  async function oauthCredential(name: string, extra: { tokenUrl?: string; clientSecret?: string } = {}): Promise<string> {
    const secret = { type: "oauth_client_credentials", clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: "tools:call", ...extra };
    return (await createCredential(h.db.sql, credentialCreateSchema.parse({ name, secret }), null)).id;
  }

  beforeAll(async () => {
    h = await createAgentHarness(dialect);
    oauth = await startFakeOAuthServer({ id: CLIENT_ID, secret: CLIENT_SECRET });
    mcp = await startFakeMcpServer({ acceptToken: (t) => oauth.valid(t), authorizationServer: oauth.url });
    credentialId = await oauthCredential("CRM OAuth");
    serverId = (
      await createMcpServer(h.db.sql, mcpServerCreateSchema.parse({ name: "CRM", transport: "http", url: mcp.url, credentialId }), null, {})
    ).id;
  });
  afterAll(async () => {
    await h?.close();
    await mcp?.close();
    await oauth?.close();
  });
  beforeEach(() => {
    h.model.reset();
    mcp.reset();
  });

  it("discovers the token endpoint and uses one token for the tool refresh and every call of a run", async () => {
    const server = await refresh(serverId);
    expect(server.tools.map((t) => t.name)).toContain("lookup");
    // discovered: the MCP server's resource metadata → the authorization server's metadata → /token
    expect(oauth.requests).toEqual([{ grantType: "client_credentials", scope: "tools:call", resource: mcp.url, via: "basic" }]);

    const { versionId } = await h.publish(
      agentGraph(agentConfig(h.providerId, { tools: [{ name: "crm_lookup", type: "mcp", serverId, mcpTool: "lookup" }] })),
    );
    h.model.script([
      { toolCalls: [{ name: "crm_lookup", arguments: { id: "c-1" } }] },
      { toolCalls: [{ name: "crm_lookup", arguments: { id: "c-2" } }] },
      final("both found", 0.9),
    ]);
    const run = await h.start(versionId, { claimId: "O-1" });
    expect(await h.waitFor(run.id, ["succeeded", "failed"])).toBe("succeeded");
    expect((await h.step(run.id, "agent")).output as AgentOutput).toMatchObject({
      toolCalls: [
        { ok: true, result: { id: "c-1" } },
        { ok: true, result: { id: "c-2" } },
      ],
    });
    expect(mcp.callCount("lookup")).toBe(2);
    expect(mcp.refusals).toBe(0);
    expect(oauth.requests).toHaveLength(1);
  });

  it("a token the server refuses is replaced and the request sent once more; an expiring one is renewed before use", async () => {
    const before = oauth.requests.length;
    oauth.revokeAll();
    oauth.expiresIn = 1;
    await refresh(serverId);
    expect(mcp.refusals).toBe(1);
    expect(oauth.requests).toHaveLength(before + 1);

    // a one-second token is renewed after half its life, without the server refusing it first
    await new Promise((r) => setTimeout(r, 600));
    await refresh(serverId);
    expect(mcp.refusals).toBe(1);
    expect(oauth.requests).toHaveLength(before + 2);
    oauth.expiresIn = 3600;
  });

  it("uses a configured token URL when the server publishes no metadata; a wrong secret is a clear error without it", async () => {
    const plain = await startFakeMcpServer({ acceptToken: (t) => oauth.valid(t) });
    try {
      const configured = await oauthCredential("Configured", { tokenUrl: oauth.tokenUrl });
      const ok = await createMcpServer(
        h.db.sql,
        mcpServerCreateSchema.parse({ name: "Plain", transport: "http", url: plain.url, credentialId: configured }),
        null,
        {},
      );
      expect((await refresh(ok.id)).tools).toHaveLength(6);
      expect(oauth.requests.at(-1)).toMatchObject({ resource: plain.url, via: "basic" });

      const wrong = await oauthCredential("Wrong", { tokenUrl: oauth.tokenUrl, clientSecret: "cs-not-the-right-one-99" });
      const bad = await createMcpServer(
        h.db.sql,
        mcpServerCreateSchema.parse({ name: "Plain wrong", transport: "http", url: plain.url, credentialId: wrong }),
        null,
        {},
      );
      const err = await refresh(bad.id).catch((e: Error) => e);
      expect(err).toMatchObject({ code: "mcp_unreachable", message: expect.stringMatching(/token endpoint .* answered 401/) });
      expect((err as Error).message).not.toContain("cs-not-the-right-one-99");
      expect(plain.callCount("lookup")).toBe(0);
    } finally {
      await plain.close();
    }
  });

  it("never shows or stores the client secret in clear, and HTTP nodes and tools refuse the credential", async () => {
    const everything = JSON.stringify([
      await listCredentials(h.db.sql),
      await getCredential(h.db.sql, credentialId),
      await h.db.sql.all(`SELECT * FROM "Credential"`),
      await h.db.sql.all(`SELECT * FROM "AuditEvent"`),
      await h.db.sql.all(`SELECT * FROM "McpServer"`),
      await h.db.sql.all(`SELECT * FROM "ModelCall"`),
      await h.db.sql.all(`SELECT * FROM "Step"`),
    ]);
    expect(everything).not.toContain(CLIENT_SECRET);
    expect(await getCredential(h.db.sql, credentialId)).toMatchObject({ type: "oauth_client_credentials", hasSecret: true });
    await expect(createCredentialResolver(h.db.sql)(credentialId)).rejects.toMatchObject({ errorCode: "credential_unsupported" });
    await expect(resolveCredentialForRole(h.db.sql, credentialId, "admin")).rejects.toMatchObject({
      errorCode: "credential_unsupported",
    });
    expect(mcpTokens.requests).toBeGreaterThan(0);
  });
});
