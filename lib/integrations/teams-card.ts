// The Adaptive Card sent to a Microsoft Teams workflow webhook ("Post to a channel when a webhook
// request is received"): the task and an Open link. Teams decides nothing here; the link leads to
// the inbox, where the decision is made and checked.
import type { ApprovalMessageInput } from "./slack-blocks";

export function teamsApprovalCard(m: ApprovalMessageInput): Record<string, unknown> {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", size: "Medium", weight: "Bolder", text: `Approval needed: ${m.title}`, wrap: true },
            ...(m.workflowName ? [{ type: "TextBlock", text: `Workflow: ${m.workflowName}`, isSubtle: true, wrap: true }] : []),
            ...(m.instructions.trim() ? [{ type: "TextBlock", text: m.instructions.slice(0, 2000), wrap: true }] : []),
          ],
          actions: [{ type: "Action.OpenUrl", title: "Open", url: m.link }],
        },
      },
    ],
  };
}
