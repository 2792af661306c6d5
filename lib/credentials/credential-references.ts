// Which credentials a workflow graph uses (HTTP nodes, agents' HTTP tools, and through Sub-workflow
// nodes and agents' workflow tools the graphs of the child runs it would start), and the checks made
// before anything runs: at run start the caller's role must be allowed by every referenced
// credential (403 naming the credential and its roles, nothing written), and publishing warns about
// references to credentials that do not exist. Execution still checks again (credential-resolver).
import "server-only";
import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { selectCredentialAccess } from "@/lib/db/credential-store";
import type { SqlQuery } from "@/lib/db/sql";
import { selectPublishedGraph } from "@/lib/db/version-graph-read";
import { DomainError } from "@/lib/errors/domain-error";
import type { Problem } from "@/lib/model/validate-graph";
import { MAX_SUBWORKFLOW_DEPTH } from "@/lib/model/node-kinds/subworkflow";
import { LruCache } from "@/lib/model/lru-cache";

export interface CredentialReference {
  credentialId: string;
  nodeId: string;
  nodeName: string;
  /** Relative to the node, as in validation problems: "config.credentialId", "config.tools[0].credentialId". */
  path: string;
}

// Loose on purpose: only the fields we read; anything else in the graph is validated elsewhere.
const looseGraph = z.object({
  nodes: z.array(
    z.object({
      id: z.string(),
      name: z.string().optional(),
      kind: z.string(),
      config: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
});
const httpToolRef = z.object({ type: z.string().optional(), credentialId: z.string().min(1).nullable().optional() });

export function credentialReferences(graph: unknown): CredentialReference[] {
  const parsed = looseGraph.safeParse(typeof graph === "string" ? safeJson(graph) : graph);
  if (!parsed.success) return [];
  const refs: CredentialReference[] = [];
  for (const node of parsed.data.nodes) {
    const nodeName = node.name || node.id;
    const c = node.config ?? {};
    if (node.kind === "http" && typeof c.credentialId === "string" && c.credentialId) {
      refs.push({ credentialId: c.credentialId, nodeId: node.id, nodeName, path: "config.credentialId" });
    }
    if (node.kind === "agent" && Array.isArray(c.tools)) {
      c.tools.forEach((t, i) => {
        const tool = httpToolRef.safeParse(t);
        if (tool.success && (tool.data.type ?? "http") === "http" && tool.data.credentialId) {
          refs.push({ credentialId: tool.data.credentialId, nodeId: node.id, nodeName, path: `config.tools[${i}].credentialId` });
        }
      });
    }
  }
  return refs;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const quoteNames = (refs: readonly CredentialReference[]) => [...new Set(refs.map((r) => `"${r.nodeName}"`))].join(", ");

const subworkflowRef = z.object({ workflowId: z.string().min(1), version: z.string().min(1) });
const workflowToolRef = subworkflowRef.extend({ type: z.literal("workflow") });

/** The pinned calls a node makes to other workflows: a Sub-workflow node, or an agent's workflow tools. */
function calledWorkflows(node: { kind: string; config?: Record<string, unknown> }): { workflowId: string; version: string }[] {
  const c = node.config ?? {};
  if (node.kind === "subworkflow") {
    const ref = subworkflowRef.safeParse(c);
    return ref.success ? [ref.data] : [];
  }
  if (node.kind === "agent" && Array.isArray(c.tools)) {
    return c.tools.flatMap((t) => {
      const ref = workflowToolRef.safeParse(t);
      return ref.success ? [{ workflowId: ref.data.workflowId, version: ref.data.version }] : [];
    });
  }
  return [];
}

/** What a run start needs of one graph: its credential references and the workflows it calls. */
interface GraphFacts {
  refs: CredentialReference[];
  calls: { node: { id: string; name: string }; ref: { workflowId: string; version: string } }[];
}

// Stored graphs (published versions) arrive as JSON text: parse each distinct text once. Keyed by the
// text itself, so an entry can never describe another graph; a start of the same version (every
// webhook delivery, schedule fire and event) skips the JSON parse and the schema walk.
const factsCache = new LruCache<string, GraphFacts>(200);

function graphFacts(graph: unknown): GraphFacts {
  const text = typeof graph === "string" ? graph : null;
  const hit = text === null ? undefined : factsCache.get(text);
  if (hit) return hit;
  const parsed = looseGraph.safeParse(text === null ? graph : safeJson(text));
  const facts: GraphFacts = { refs: [], calls: [] };
  if (parsed.success) {
    facts.refs = credentialReferences(parsed.data);
    for (const node of parsed.data.nodes) {
      for (const ref of calledWorkflows(node)) facts.calls.push({ node: { id: node.id, name: node.name || node.id }, ref });
    }
  }
  if (text !== null) factsCache.set(text, facts);
  return facts;
}

/**
 * The references of a run's graph and of the sub-workflows it would start (child runs act for the
 * same initiator). A child's references are named through the Sub-workflow node or agent that calls it.
 */
export async function runCredentialReferences(db: SqlQuery, graph: unknown): Promise<CredentialReference[]> {
  const out: CredentialReference[] = [];
  const seen = new Set<string>();
  const walk = async (g: unknown, via: { nodeId: string; name: string } | null, depth: number): Promise<void> => {
    const facts = graphFacts(g);
    for (const r of facts.refs) out.push(via ? { ...r, nodeId: via.nodeId, nodeName: `${via.name} → ${r.nodeName}` } : r);
    if (depth >= MAX_SUBWORKFLOW_DEPTH) return;
    for (const { node, ref } of facts.calls) {
      const child = await selectPublishedGraph(db, ref.workflowId, ref.version === "latest" ? "latest" : Number(ref.version));
      if (!child || seen.has(child.id)) continue;
      seen.add(child.id);
      await walk(child.graph, via ?? { nodeId: node.id, name: node.name }, depth + 1);
    }
  };
  await walk(graph, null, 0);
  return out;
}

/**
 * Run start (and rerun): every credential the version uses, including through the sub-workflows it
 * calls, must exist and allow `role`. Throws a DomainError before anything is written:
 * `credential_forbidden` or `credential_missing`.
 */
export async function assertRunCredentials(db: SqlQuery, graph: unknown, role: Role): Promise<void> {
  const refs = await runCredentialReferences(db, graph);
  if (!refs.length) return;
  const creds = await selectCredentialAccess(
    db,
    refs.map((r) => r.credentialId),
  );
  const byId = new Map<string, CredentialReference[]>();
  for (const r of refs) byId.set(r.credentialId, [...(byId.get(r.credentialId) ?? []), r]);
  for (const [id, uses] of byId) {
    const cred = creds.get(id);
    if (!cred) {
      throw new DomainError(
        "credential_missing",
        `Credential ${id} used by ${quoteNames(uses)} does not exist (deleted?). Pick another credential and publish again.`,
        {
          credentialId: id,
          nodeIds: uses.map((u) => u.nodeId),
        },
      );
    }
    if (!cred.allowedRoles.includes(role)) {
      throw new DomainError(
        "credential_forbidden",
        `Credential "${cred.name}" (used by ${quoteNames(uses)}) may only be used by runs started by ${cred.allowedRoles.join(", ") || "no role"}; you are ${role}.`,
        { credentialId: id, credentialName: cred.name, allowedRoles: cred.allowedRoles, role, nodeIds: uses.map((u) => u.nodeId) },
      );
    }
  }
}

/** Publish: a warning for every reference to a credential that does not exist. */
export async function missingCredentialWarnings(db: SqlQuery, graph: unknown): Promise<Problem[]> {
  const refs = credentialReferences(graph);
  if (!refs.length) return [];
  const creds = await selectCredentialAccess(
    db,
    refs.map((r) => r.credentialId),
  );
  return refs
    .filter((r) => !creds.has(r.credentialId))
    .map((r) => ({
      severity: "warning" as const,
      code: "missing_credential" as const,
      message: `Credential ${r.credentialId} does not exist (deleted?): runs will fail at "${r.nodeName}" until another credential is picked`,
      nodeId: r.nodeId,
      path: r.path,
    }));
}
