// A new workflow (duplicate, import, template) whose graph declares webhook triggers gets a fresh URL id
// and a fresh secret for each, registered to the new workflow in the transaction that creates it: a copy
// never shares another workflow's URL, and no secret is copied (the designer reveals the new one with
// Rotate secret). The copied settings (verification, mapping, limits) are kept.
import type { DraftGraph } from "@/lib/model/draft-graph";
import { replaceWebhookTriggerIds } from "@/lib/model/webhook-trigger-copies";
import { randomToken } from "@/lib/security/hash";
import { newWebhookSecret } from "./webhook-signatures";
import { sealSecrets } from "./webhook-secrets";

export interface NewWebhookRegistration {
  id: string;
  secrets: string;
}

export function freshWebhookTriggers(graph: DraftGraph): { graph: DraftGraph; registrations: NewWebhookRegistration[] } {
  const { graph: out, replaced } = replaceWebhookTriggerIds(graph, () => randomToken(18));
  return {
    graph: out,
    registrations: replaced.map((id) => ({ id, secrets: sealSecrets([{ secret: newWebhookSecret(), expiresAtMs: null }]) })),
  };
}
