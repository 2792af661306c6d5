// A key as the API lists it (never its hash or secret); safe to import in client components.
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** The visible part: the key reads sy_<prefix>_<secret>. */
  prefix: string;
  role: string;
  /** Workflow ids the key is limited to; null = every workflow. */
  workflowIds: string[] | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  lastUsedAgent: string | null;
  owner: { id: string; name: string; email: string };
}
