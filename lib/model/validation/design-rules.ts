// Design-time checks that catch at the canvas what would otherwise go wrong at run time. All are
// warnings: they never block publishing, the publish dialog lists them for confirmation.
//  - an approval's Rejected / Timed out (with a due time) or an agent's Escalate output leads nowhere:
//    the run would end there as Succeeded (its outcome says rejected / timed_out);
//  - an HTTP URL (node or agent tool) whose literal host the SSRF policy refuses (loopback, private
//    ranges, cloud metadata); no DNS here, a host name is judged by name only;
//  - with the workspace's design environment: an unknown provider or model, assignees and escalation
//    targets who cannot decide (a role without the permission, unknown or disabled users), a credential
//    that does not exist.
import { cannotDecide, cannotDecideSentence, type AssigneeRef } from "../deciders";
import { deepEqual } from "../deep-equal";
import { outgoingEdges } from "../graph-index";
import { AGENT_HANDLES } from "../node-kinds/agent";
import type { ApprovalConfig } from "../node-kinds/approval.config";
import type { AgentConfig } from "../node-kinds/agent.config";
import {
  blockedAddressReason,
  isAddressAllowListed,
  isBlockedHostname,
  isHostnameAllowListed,
  normalizeHostname,
  parseAllowList,
  type AllowList,
} from "@/lib/security/address-policy";
import type { ValidationContext, NodeEntry } from "./context";
import type { DesignEnvironment } from "./design-env";
import { warning, type Problem } from "./problem";

const label = (e: NodeEntry) => `"${e.name ?? e.id}"`;

function unconnected(ctx: ValidationContext, nodeId: string, handle: string): boolean {
  return !outgoingEdges(ctx.index, nodeId).some((e) => e.sourceHandle === handle);
}

function outputRules(ctx: ValidationContext): Problem[] {
  const out: Problem[] = [];
  for (const entry of ctx.nodes) {
    const node = entry.node;
    if (node?.kind === "approval") {
      if (unconnected(ctx, entry.id, "rejected"))
        out.push(
          warning(
            "unhandled_output",
            `${label(entry)}: nothing handles Rejected — a rejected run ends here as Succeeded (outcome "rejected")`,
            {
              nodeId: entry.id,
            },
          ),
        );
      if (node.config.dueInMs && unconnected(ctx, entry.id, "timeout"))
        out.push(
          warning(
            "unhandled_output",
            `${label(entry)}: nothing handles Timed out — a run past the due time ends here (outcome "timed_out")`,
            {
              nodeId: entry.id,
              path: "config.dueInMs",
            },
          ),
        );
    }
    if (node?.kind === "agent" && unconnected(ctx, entry.id, AGENT_HANDLES.escalate))
      out.push(
        warning("unhandled_output", `${label(entry)}: nothing handles Escalate — a low-confidence answer ends the run here unreviewed`, {
          nodeId: entry.id,
        }),
      );
  }
  return out;
}

/** The URL's host when it is written literally (not built by a {{ }} placeholder), else null. */
export function literalHost(url: string): string | null {
  const at = url.indexOf("{{");
  let fixed = url.trim();
  if (at >= 0) {
    const m = /^(https?:\/\/[^/?#{}]+)[/?#]/i.exec(url.slice(0, at).trim());
    if (!m) return null;
    fixed = m[1];
  }
  try {
    const u = new URL(fixed);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return u.hostname || null;
  } catch {
    return null;
  }
}

const RANGE_WORDS: Record<string, string> = {
  loopback: "a loopback address",
  private: "a private-network address",
  linkLocal: "a link-local address (where cloud metadata lives)",
  uniqueLocal: "a private (unique-local) address",
  unspecified: "an unspecified address",
  carrierGradeNat: "a carrier-grade NAT address",
};

/** Why the SSRF policy refuses this literal host, or null when it does not (or cannot tell without DNS). */
export function refusedHostReason(host: string, allow: AllowList): string | null {
  const h = normalizeHostname(host);
  if (isHostnameAllowListed(h, allow) || isAddressAllowListed(h, allow)) return null;
  if (isBlockedHostname(h)) return "a local or cloud-metadata host name";
  const reason = blockedAddressReason(h);
  if (reason === null || reason === "invalid") return null; // public address, or a name (resolved at run time)
  return RANGE_WORDS[reason] ?? `a reserved address (${reason})`;
}

function urlRules(ctx: ValidationContext, env: DesignEnvironment | undefined): Problem[] {
  let allow: AllowList;
  try {
    allow = parseAllowList(env?.httpAllowList ?? []);
  } catch {
    allow = { entries: [] };
  }
  const out: Problem[] = [];
  const check = (entry: NodeEntry, url: string, path: string) => {
    const host = literalHost(url);
    const why = host ? refusedHostReason(host, allow) : null;
    if (why)
      out.push(
        warning("url_refused", `${label(entry)}: ${host} is ${why}; outbound calls refuse it, so the step would fail at run time`, {
          nodeId: entry.id,
          path,
        }),
      );
  };
  for (const entry of ctx.nodes) {
    const node = entry.node;
    if (node?.kind === "http") check(entry, node.config.url, "config.url");
    if (node?.kind === "agent")
      node.config.tools.forEach((t, i) => {
        if (t.type === "http") check(entry, t.url, `config.tools[${i}].url`);
      });
  }
  return out;
}

function providerRules(entry: NodeEntry, c: AgentConfig, env: DesignEnvironment): Problem[] {
  if (!env.providers.length)
    return [
      warning("unknown_provider", `${label(entry)}: no model provider is set up in Settings`, {
        nodeId: entry.id,
        path: "config.providerId",
      }),
    ];
  const provider = c.providerId
    ? env.providers.find((p) => p.id === c.providerId)
    : (env.providers.find((p) => p.isDefault) ?? env.providers[0]);
  if (!provider) {
    const byName = env.providers.find((p) => p.name.toLowerCase() === c.providerId?.toLowerCase());
    const hint = byName ? ` (pick "${byName.name}" from the list rather than typing its name)` : "";
    return [
      warning("unknown_provider", `${label(entry)}: provider "${c.providerId}" does not exist in Settings${hint}`, {
        nodeId: entry.id,
        path: "config.providerId",
      }),
    ];
  }
  const model = c.model.trim();
  if (!model || !provider.models.length || provider.models.includes(model)) return [];
  return [
    warning(
      "unknown_model",
      `${label(entry)}: ${provider.name} has no model "${model}" (it lists ${provider.models.slice(0, 5).join(", ")})`,
      {
        nodeId: entry.id,
        path: "config.model",
      },
    ),
  ];
}

/** Assignees and escalation targets who can never decide: a role without the permission, an unknown or disabled user. */
function assigneeRules(entry: NodeEntry, c: ApprovalConfig, env: DesignEnvironment): Problem[] {
  type Target = { ref: AssigneeRef; path: string; where: string };
  const targets: Target[] = [
    ...c.assignees.roles.map((id, i): Target => ({ ref: { type: "role", id }, path: `config.assignees.roles[${i}]`, where: "" })),
    ...c.assignees.users.map((id, i): Target => ({ ref: { type: "user", id }, path: `config.assignees.users[${i}]`, where: "" })),
    ...c.escalation.map((e, i): Target => ({ ref: e.to, path: `config.escalation[${i}].to`, where: `escalation ${i + 1} — ` })),
  ];
  return targets.flatMap(({ ref, path, where }) => {
    const why = cannotDecide(ref, env);
    return why
      ? [warning("assignee_cannot_decide", `${label(entry)}: ${where}${cannotDecideSentence(why)}`, { nodeId: entry.id, path })]
      : [];
  });
}

function credentialRules(ctx: ValidationContext, env: DesignEnvironment): Problem[] {
  const known = new Set(env.credentials.map((c) => c.id));
  const out: Problem[] = [];
  const check = (entry: NodeEntry, id: string | null | undefined, path: string) => {
    if (id && !known.has(id))
      out.push(
        warning("missing_credential", `${label(entry)}: its credential no longer exists (deleted?) — pick another in the inspector`, {
          nodeId: entry.id,
          path,
        }),
      );
  };
  for (const entry of ctx.nodes) {
    const node = entry.node;
    if (node?.kind === "http") check(entry, node.config.credentialId, "config.credentialId");
    if (node?.kind === "agent") node.config.tools.forEach((t, i) => check(entry, t.credentialId, `config.tools[${i}].credentialId`));
  }
  return out;
}

/**
 * Agent MCP tools against the servers' cached tool lists: a server or tool that is gone, and a tool
 * whose input schema differs from the one the node carries (changed on the server since it was
 * chosen or published) — the model would be given stale arguments.
 */
function mcpRules(ctx: ValidationContext, env: DesignEnvironment): Problem[] {
  if (!env.mcpServers) return [];
  const servers = new Map(env.mcpServers.map((s) => [s.id, s]));
  const out: Problem[] = [];
  for (const entry of ctx.nodes) {
    const node = entry.node;
    if (node?.kind !== "agent") continue;
    node.config.tools.forEach((t, i) => {
      if (t.type !== "mcp" || !t.serverId) return;
      const server = servers.get(t.serverId);
      const path = `config.tools[${i}]`;
      if (!server) {
        out.push(
          warning("mcp_tool_changed", `${label(entry)}: tool ${t.name} uses an MCP server that no longer exists`, {
            nodeId: entry.id,
            path: `${path}.serverId`,
          }),
        );
        return;
      }
      if (!t.mcpTool) return;
      const tool = server.tools.find((x) => x.name === t.mcpTool);
      if (!tool) {
        out.push(
          warning("mcp_tool_changed", `${label(entry)}: ${server.name} no longer lists the tool ${t.mcpTool}`, {
            nodeId: entry.id,
            path: `${path}.mcpTool`,
          }),
        );
      } else if (t.argsSchema && !deepEqual({ properties: {}, ...tool.inputSchema, type: "object" }, t.argsSchema)) {
        out.push(
          warning(
            "mcp_tool_changed",
            `${label(entry)}: the schema of ${server.name}'s tool ${t.mcpTool} changed since it was chosen — review the arguments and publish again`,
            {
              nodeId: entry.id,
              path: `${path}.argsSchema`,
            },
          ),
        );
      }
    });
  }
  return out;
}

export function designRules(ctx: ValidationContext, env?: DesignEnvironment): Problem[] {
  const out = [...outputRules(ctx), ...urlRules(ctx, env)];
  if (!env) return out;
  for (const entry of ctx.nodes) {
    const node = entry.node;
    if (node?.kind === "agent") out.push(...providerRules(entry, node.config, env));
    if (node?.kind === "approval") out.push(...assigneeRules(entry, node.config, env));
  }
  out.push(...credentialRules(ctx, env), ...mcpRules(ctx, env));
  return out;
}
