// The Block Kit shapes Switchyard sends to Slack: the approval message (Approve / Reject / Open),
// the same message once decided (who decided, no buttons), and the modal asking for a reason.
// Button values carry the task id and the version the message showed, so a decision from a stale
// message meets the same version check as one from a stale inbox page.

export interface ApprovalMessageInput {
  taskId: string;
  version: number;
  title: string;
  workflowName: string | null;
  instructions: string;
  link: string;
}

export interface SlackButtonValue {
  taskId: string;
  version: number;
}

export const encodeButtonValue = (v: SlackButtonValue): string => JSON.stringify({ t: v.taskId, v: v.version });

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Slack mrkdwn with the three control characters escaped. */
export function slackText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function header(m: ApprovalMessageInput): Record<string, unknown>[] {
  const where = m.workflowName ? ` in ${slackText(m.workflowName)}` : "";
  const blocks: Record<string, unknown>[] = [
    { type: "section", text: { type: "mrkdwn", text: clip(`*Approval needed:* ${slackText(m.title)}${where}`, 2900) } },
  ];
  if (m.instructions.trim()) blocks.push({ type: "section", text: { type: "mrkdwn", text: clip(slackText(m.instructions), 2900) } });
  return blocks;
}

export function approvalMessage(m: ApprovalMessageInput): { text: string; blocks: Record<string, unknown>[] } {
  const value = encodeButtonValue({ taskId: m.taskId, version: m.version });
  return {
    text: `Approval needed: ${m.title}`,
    blocks: [
      ...header(m),
      {
        type: "actions",
        block_id: "switchyard_decision",
        elements: [
          { type: "button", action_id: "approve", style: "primary", text: { type: "plain_text", text: "Approve" }, value },
          { type: "button", action_id: "reject", style: "danger", text: { type: "plain_text", text: "Reject…" }, value },
          { type: "button", action_id: "open", text: { type: "plain_text", text: "Open" }, url: m.link },
        ],
      },
    ],
  };
}

export interface DecidedBy {
  name: string;
  decision: string;
  comment: string;
}

export function decidedMessage(
  m: ApprovalMessageInput,
  status: string,
  deciders: readonly DecidedBy[],
): { text: string; blocks: Record<string, unknown>[] } {
  const verb = status === "approved" ? "Approved" : status === "rejected" ? "Rejected" : status === "expired" ? "Timed out" : "Closed";
  const who = deciders.length
    ? deciders
        .map(
          (d) =>
            `${slackText(d.name)} (${d.decision === "approve" ? "approve" : "reject"}${d.comment ? `: “${slackText(clip(d.comment, 200))}”` : ""})`,
        )
        .join(", ")
    : "";
  const line = `*${verb}*${who ? ` by ${who}` : ""}`;
  return {
    text: `${verb}: ${m.title}`,
    blocks: [
      ...header(m),
      { type: "context", elements: [{ type: "mrkdwn", text: clip(line, 2900) }] },
      { type: "actions", elements: [{ type: "button", action_id: "open", text: { type: "plain_text", text: "Open" }, url: m.link }] },
    ],
  };
}

export const REJECT_CALLBACK = "switchyard_reject";

/** The modal a Reject click opens: one required reason; private_metadata carries the button value. */
export function rejectModal(value: string, title: string): Record<string, unknown> {
  return {
    type: "modal",
    callback_id: REJECT_CALLBACK,
    private_metadata: value,
    title: { type: "plain_text", text: "Reject" },
    submit: { type: "plain_text", text: "Reject" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: clip(`Reject *${slackText(title)}*`, 2900) } },
      {
        type: "input",
        block_id: "reason",
        label: { type: "plain_text", text: "Reason" },
        element: { type: "plain_text_input", action_id: "reason", multiline: true, max_length: 3000 },
      },
    ],
  };
}
