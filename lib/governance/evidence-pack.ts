// The evidence pack of one run, for a regulator or an internal review: one JSON document with the
// workflow version (its graph), the input, every step's output, every model call (request, response
// and the agent's rationale), every human decision and comment, the run's events, and its audit
// records with a chain proof: each record's hash recomputes from its content (sha256(prevHash +
// canonical JSON of the record)), and the links from the first record to a signed checkpoint show they
// are part of one unbroken chain that the checkpoint's Ed25519 signature pins. The checkpoint is the
// earliest one at or past the run's last record; when none is yet, the export signs one (audited), so
// every pack can be checked outside the product with the public key alone. Personal data is masked
// for roles without the grant.
import { parseJsonColumn } from "@/lib/db/row-codec";
import {
  selectChainLinks,
  selectEvidenceAudit,
  selectEvidenceComments,
  selectEvidenceModelCalls,
  selectEvidenceVersion,
} from "@/lib/db/evidence-read";
import type { SqlDb } from "@/lib/db/sql";
import type { EngineStore } from "@/lib/engine/ports";
import { notFound } from "@/lib/errors/domain-error";
import { canonicalJson, sha256Hex } from "@/lib/security/hash";
import type { Role } from "@/lib/auth/roles";
import { firstCheckpointCovering } from "@/lib/db/audit-checkpoint-store";
import { checkpointMessage, signCheckpoint } from "@/lib/audit/checkpoints";
import type { SigningKey } from "@/lib/audit/signing-key";
import { maskForRun } from "./personal-data";

export const EVIDENCE_FORMAT = "switchyard.evidence-pack/v1";
/** Chain links carried at most; beyond that the pack says so and the in-product verify covers the rest. */
export const MAX_CHAIN_LINKS = 100_000;

function rationaleOf(response: unknown): string | null {
  // the decision sub-step stores the agent's output { answer, rationale, confidence }; a model call
  // holds it as JSON text in the model's message
  const direct = response as { rationale?: unknown } | null;
  if (direct && typeof direct.rationale === "string") return direct.rationale;
  const r = response as { choices?: { message?: { content?: unknown } }[]; content?: unknown } | null;
  const content = r?.choices?.[0]?.message?.content ?? r?.content;
  if (typeof content !== "string") return null;
  const parsed = parseJsonColumn(content, null) as { rationale?: unknown } | null;
  return parsed && typeof parsed.rationale === "string" ? parsed.rationale : null;
}

export async function buildEvidencePack(
  db: SqlDb,
  store: Pick<EngineStore, "getRun" | "getSteps" | "getTasks" | "getDecisions" | "getEvents">,
  runId: string,
  viewer: { id: string; role: Role },
  signingKey?: SigningKey,
): Promise<Record<string, unknown>> {
  const run = await store.getRun(runId);
  if (!run) throw notFound("Run");
  const [steps, tasks, events, version, calls] = await Promise.all([
    store.getSteps(runId),
    store.getTasks(runId),
    store.getEvents(runId, 0, 100_000),
    selectEvidenceVersion(db, run.versionId),
    selectEvidenceModelCalls(db, runId),
  ]);
  const taskIds = tasks.map((t) => t.id);
  const decisions = (await Promise.all(taskIds.map((id) => store.getDecisions(id)))).flat();
  const comments = await selectEvidenceComments(db, taskIds);
  const audit = await selectEvidenceAudit(db, runId, taskIds);
  const records = audit.map((a) => {
    const data = parseJsonColumn(a.data, {});
    const event = {
      atMs: Number(a.atMs),
      actorId: a.actorId,
      actorType: a.actorType,
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      data,
      prevHash: a.prevHash,
    };
    return { id: Number(a.id), ...event, hash: a.hash, hashVerified: sha256Hex(a.prevHash + canonicalJson(event)) === a.hash };
  });
  const lastId = records.length ? records[records.length - 1].id : 0;
  let checkpoint = records.length ? await firstCheckpointCovering(db, lastId) : null;
  if (records.length && !checkpoint && signingKey) checkpoint = await signCheckpoint(db, signingKey, viewer.id);
  const chain = records.length
    ? await selectChainLinks(db, records[0].id, MAX_CHAIN_LINKS, checkpoint?.seq ?? null)
    : { links: [], head: null };
  let linked = true;
  for (let i = 1; i < chain.links.length; i++) if (chain.links[i][1] !== chain.links[i - 1][2]) linked = false;
  const lastLink = chain.links[chain.links.length - 1];
  const checkpointProof = checkpoint
    ? {
        seq: checkpoint.seq,
        headHash: checkpoint.headHash,
        atMs: checkpoint.atMs,
        algorithm: "Ed25519",
        publicKey: checkpoint.publicKey,
        signature: checkpoint.signature,
        signedMessage: checkpointMessage(checkpoint).toString("utf8"),
        // the last link is the checkpoint's row and carries the hash it signed
        linksReachCheckpoint: !!lastLink && lastLink[0] === checkpoint.seq && lastLink[2] === checkpoint.headHash,
      }
    : null;
  const pack = {
    format: EVIDENCE_FORMAT,
    generatedAt: new Date().toISOString(),
    generatedBy: viewer.id,
    run,
    workflow: version ? { id: version.workflowId, name: version.workflowName } : null,
    version: version
      ? {
          id: version.id,
          version: version.version,
          createdAt: version.createdAt,
          authorId: version.authorId,
          graph: parseJsonColumn(version.graph, null),
        }
      : null,
    input: run.input,
    steps: steps.map((s) => ({
      stepKey: s.stepKey,
      nodeId: s.nodeId,
      kind: s.kind,
      status: s.status,
      attempt: s.attempt,
      input: s.input,
      output: s.output,
      outputHandle: s.outputHandle,
      error: s.error,
      startedAtMs: s.startedAtMs,
      finishedAtMs: s.finishedAtMs,
    })),
    modelCalls: calls.map((c) => {
      const response = parseJsonColumn(c.response, null);
      return {
        stepKey: c.stepKey,
        seq: Number(c.seq),
        model: c.model,
        request: parseJsonColumn(c.request, null),
        response,
        rationale: rationaleOf(response),
        error: c.error ?? null,
        inputTokens: Number(c.inputTokens),
        outputTokens: Number(c.outputTokens),
        costUsd: Number(c.costUsd),
        latencyMs: Number(c.latencyMs),
        atMs: Number(c.atMs),
      };
    }),
    tasks: tasks.map((t) => ({
      ...t,
      decisions: decisions.filter((d) => d.taskId === t.id),
      comments: comments.filter((c) => c.taskId === t.id),
    })),
    events,
    audit: {
      records,
      chainProof: {
        hashFormula:
          "hash = sha256_hex(prevHash + canonicalJson({atMs, actorId, actorType, action, targetType, targetId, data, prevHash})); canonicalJson sorts object keys",
        firstRecordId: records[0]?.id ?? null,
        head: chain.head,
        checkpoint: checkpointProof,
        links: chain.links,
        linksComplete: chain.links.length < MAX_CHAIN_LINKS,
        linked,
        allRecordsVerified: records.every((r) => r.hashVerified),
      },
    },
  };
  return maskForRun(db, runId, viewer.role, pack);
}
