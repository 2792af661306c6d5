// Slack's interactive callbacks (POST /api/v1/integrations/slack/interactions): a click on Approve,
// a click on Reject (opens a modal asking for the reason), and the modal's submission. Nothing is
// read from the payload before the request is verified with the app's signing secret (timestamp
// within five minutes) and recorded as handled (a replayed request is refused). The Slack user is
// mapped to a Switchyard user (a stored link, else users.info's email, then linked), and the
// decision goes through decideTask like the inbox's: rights, separation of duties, claims, quorum,
// the version the message showed; its audit record says channel "slack".
import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { linkChatUser, linkedUser, recordChatInteraction, userByEmail, type LinkedUser } from "@/lib/db/chat-store";
import type { SqlDb } from "@/lib/db/sql";
import { decideTask, type EngineDeps } from "@/lib/engine/run-service";
import { can, roleSchema } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors/domain-error";
import { loadChatConfig, type SlackConfig } from "./chat-settings";
import { REJECT_CALLBACK, rejectModal } from "./slack-blocks";
import { slackApi, slackUserEmail } from "./slack-client";
import { SLACK_TOLERANCE_SECONDS, verifySlackSignature } from "./slack-signature";

const buttonValue = z
  .string()
  .max(500)
  .transform((s, ctx) => {
    try {
      return z.object({ t: z.string().min(1).max(200), v: z.number().int().min(0) }).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: "custom", message: "not a Switchyard button value" });
      return z.NEVER;
    }
  });

const slackUser = z.looseObject({ id: z.string().min(1).max(64) });

const blockActions = z.looseObject({
  type: z.literal("block_actions"),
  user: slackUser,
  trigger_id: z.string().max(200).optional(),
  response_url: z.string().max(1000).optional(),
  actions: z.array(z.looseObject({ action_id: z.string().max(100), value: z.string().max(500).optional() })).min(1),
});

const viewSubmission = z.looseObject({
  type: z.literal("view_submission"),
  user: slackUser,
  view: z.looseObject({
    callback_id: z.string().max(100),
    private_metadata: z.string().max(500),
    state: z.looseObject({
      values: z.looseObject({
        reason: z.looseObject({ reason: z.looseObject({ value: z.string().max(3000).nullable().optional() }) }).optional(),
      }),
    }),
  }),
});

const interaction = z.union([blockActions, viewSubmission, z.looseObject({ type: z.string().max(100) })]);

export interface SlackRequest {
  body: string;
  timestamp: string | null;
  signature: string | null;
}

export interface SlackAnswer {
  /** The JSON Slack gets back (200). */
  body: Record<string, unknown>;
  /** A task decided by this interaction (its Slack messages should now say who decided). */
  decidedTaskId: string | null;
  /** Where to tell the clicking user what went wrong (an ephemeral message), when Slack gave one. */
  reply: { responseUrl: string; text: string } | null;
}

export interface SlackInteractionDeps {
  db: SqlDb;
  engine: EngineDeps;
  now?: () => number;
}

function unverified(reason: string): DomainError {
  return new DomainError("slack_unverified", `The Slack request is not verified: ${reason}.`, { reason });
}

/** Verify, refuse replays, and parse the form-encoded `payload`. */
async function verified(deps: SlackInteractionDeps, cfg: SlackConfig | null, req: SlackRequest): Promise<z.output<typeof interaction>> {
  if (!cfg) throw unverified("Slack is not configured");
  const now = deps.now?.() ?? Date.now();
  const v = verifySlackSignature(cfg.signingSecret, req, req.body, now);
  if (!v.ok) throw unverified(v.reason);
  const digest = createHash("sha256")
    .update(req.signature ?? "")
    .digest("hex");
  if (!(await recordChatInteraction(deps.db, digest, now, now - 2 * SLACK_TOLERANCE_SECONDS * 1000))) {
    throw new DomainError("slack_replayed", "This signed Slack request was already handled.");
  }
  const raw = new URLSearchParams(req.body).get("payload");
  let json: unknown;
  try {
    json = JSON.parse(raw ?? "");
  } catch {
    throw new DomainError("invalid_request", "The Slack request has no JSON `payload` field.");
  }
  const parsed = interaction.safeParse(json);
  if (!parsed.success) throw new DomainError("invalid_request", "The Slack payload is not an interaction Switchyard understands.");
  return parsed.data;
}

/** The Switchyard user behind a Slack user: a stored link, else users.info's email (then stored). */
async function switchyardUser(deps: SlackInteractionDeps, cfg: SlackConfig, slackUserId: string): Promise<LinkedUser | null> {
  const linked = await linkedUser(deps.db, slackUserId);
  if (linked) return linked;
  const email = await slackUserEmail(cfg, slackUserId).catch(() => null);
  if (!email) return null;
  const user = await userByEmail(deps.db, email);
  if (user) await linkChatUser(deps.db, slackUserId, user.id, deps.now?.() ?? Date.now());
  return user;
}

async function decider(deps: SlackInteractionDeps, cfg: SlackConfig, slackUserId: string): Promise<{ id: string; role: string }> {
  const user = await switchyardUser(deps, cfg, slackUserId);
  if (!user) throw new DomainError("forbidden", "Your Slack account is not linked to a Switchyard user (no user with your Slack email).");
  const role = roleSchema.safeParse(user.role);
  if (user.disabled || !role.success || !can(role.data, "tasks:decide")) {
    throw new DomainError("forbidden", "Your Switchyard account may not decide tasks.");
  }
  return { id: user.id, role: role.data };
}

/** Trust a response_url only on Slack's hooks host or the configured API host (a fake in tests). */
function trustedResponseUrl(cfg: SlackConfig, url: string | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    const api = new URL(cfg.apiBaseUrl);
    return u.protocol === "https:" && u.hostname === "hooks.slack.com" ? url : u.host === api.host ? url : null;
  } catch {
    return null;
  }
}

export async function handleSlackInteraction(deps: SlackInteractionDeps, req: SlackRequest): Promise<SlackAnswer> {
  const cfg = (await loadChatConfig(deps.db)).slack;
  const p = await verified(deps, cfg, req);
  const slack = cfg!;
  if (p.type === "block_actions") {
    const a = blockActions.parse(p);
    const action = a.actions[0];
    const responseUrl = trustedResponseUrl(slack, a.response_url);
    if (action.action_id === "open") return { body: { ok: true }, decidedTaskId: null, reply: null };
    const value = buttonValue.safeParse(action.value ?? "");
    if (!value.success || (action.action_id !== "approve" && action.action_id !== "reject")) {
      throw new DomainError("invalid_request", "Unknown Slack action.");
    }
    try {
      const user = await decider(deps, slack, a.user.id);
      if (action.action_id === "reject") {
        if (!a.trigger_id) throw new DomainError("invalid_request", "The reject click has no trigger_id to open the reason dialog.");
        await slackApi(slack, "views.open", { trigger_id: a.trigger_id, view: rejectModal(action.value!, "this task") });
        return { body: { ok: true, opened: "reason" }, decidedTaskId: null, reply: null };
      }
      const out = await decideTask(deps.engine, {
        taskId: value.data.t,
        userId: user.id,
        userRoles: [user.role],
        decision: "approve",
        expectedVersion: value.data.v,
        channel: "slack",
      });
      return { body: { ok: true, taskStatus: out.task.status }, decidedTaskId: value.data.t, reply: null };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return {
        body: { ok: false, code: e.code, message: e.message },
        decidedTaskId: null,
        reply: responseUrl ? { responseUrl, text: e.message } : null,
      };
    }
  }
  if (p.type === "view_submission") {
    const s = viewSubmission.parse(p);
    if (s.view.callback_id !== REJECT_CALLBACK) throw new DomainError("invalid_request", "Unknown Slack view.");
    const value = buttonValue.safeParse(s.view.private_metadata);
    if (!value.success) throw new DomainError("invalid_request", "The Slack view does not name a task.");
    const reason = (s.view.state.values.reason?.reason.value ?? "").trim();
    if (!reason)
      return { body: { response_action: "errors", errors: { reason: "Give a reason to reject." } }, decidedTaskId: null, reply: null };
    try {
      const user = await decider(deps, slack, s.user.id);
      await decideTask(deps.engine, {
        taskId: value.data.t,
        userId: user.id,
        userRoles: [user.role],
        decision: "reject",
        comment: reason,
        expectedVersion: value.data.v,
        channel: "slack",
      });
      return { body: { response_action: "clear" }, decidedTaskId: value.data.t, reply: null };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return { body: { response_action: "errors", errors: { reason: e.message } }, decidedTaskId: null, reply: null };
    }
  }
  // Other interaction types (shortcuts, view_closed) need no answer.
  return { body: { ok: true }, decidedTaskId: null, reply: null };
}
