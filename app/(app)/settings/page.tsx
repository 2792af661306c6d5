import { requirePageUser } from "@/lib/auth/page-guard";
import { PageHeader } from "@/components/ui/page-header";
import { UsersPanel } from "@/components/settings/users-panel";
import { ProvidersPanel } from "@/components/settings/providers-panel";
import { CredentialsPanel } from "@/components/settings/credentials-panel";
import { ErasurePanel } from "@/components/settings/erasure-panel";
import { RetentionPanel } from "@/components/settings/retention-panel";
import { ChatIntegrationsPanel } from "@/components/settings/chat-integrations-panel";
import { McpServersPanel } from "@/components/settings/mcp-servers-panel";
import { McpExposedList } from "@/components/settings/mcp-exposed-list";
import { listExposedTools } from "@/lib/mcp/mcp-exposure";
import { getAppContext } from "@/lib/server/app-context";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePageUser("settings:manage");
  return (
    <div className="grid gap-6">
      <PageHeader
        title="Settings"
        description="Users and roles, model providers for agent nodes, credentials for HTTP calls, MCP servers, chat approvals, retention and erasure."
      />
      <UsersPanel currentUserId={user.id} />
      <ProvidersPanel />
      <CredentialsPanel />
      <ChatIntegrationsPanel />
      <McpServersPanel />
      <McpExposedList tools={await listExposedTools(getAppContext().db)} />
      <RetentionPanel />
      <ErasurePanel />
    </div>
  );
}
