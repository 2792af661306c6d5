"use client";
import { useState, type ReactNode } from "react";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { roleLabels, roles, type Role } from "@/lib/auth/roles";
import { FormField } from "./form-field";
import { SettingsFormDialog, useSettingsSave } from "./settings-form-dialog";
import { CREDENTIAL_TYPES, credentialTypeLabels, type CredentialType, type PublicCredential } from "@/lib/credentials/credential-schemas";

export const credentialsKey = ["credentials"] as const;

function SecretFields({ type, editing }: { type: CredentialType; editing: boolean }) {
  const [headers, setHeaders] = useState([0]);
  const ph = editing ? "Set — type to replace" : undefined;
  switch (type) {
    case "bearer":
      return <Secret id="cred-token" label="Token" placeholder={ph} />;
    case "api_key_header":
      return (
        <>
          <FormField id="cred-header" label="Header name" placeholder="X-Api-Key" autoComplete="off" />
          <Secret id="cred-value" label="Key" placeholder={ph} />
        </>
      );
    case "basic":
      return (
        <>
          <FormField id="cred-username" label="Username" autoComplete="off" />
          <Secret id="cred-password" label="Password" placeholder={ph} />
        </>
      );
    case "oauth_client_credentials":
      return (
        <>
          <FormField id="cred-client-id" label="Client ID" autoComplete="off" placeholder={ph} />
          <Secret id="cred-client-secret" label="Client secret" placeholder={ph} />
          <FormField
            id="cred-token-url"
            label="Token URL (optional)"
            type="url"
            autoComplete="off"
            help="Leave empty to discover it from the MCP server's OAuth metadata."
          />
          <FormField id="cred-scope" label="Scope (optional)" autoComplete="off" placeholder="tools:call" />
        </>
      );
    case "custom_headers":
      return (
        <fieldset className="grid gap-2">
          <legend className="text-sm font-medium">Headers</legend>
          {headers.map((k, i) => (
            <div key={k} className="grid grid-cols-[1fr_1fr_auto] gap-2">
              <Input aria-label={`Header ${i + 1} name`} name="cred-h-name" placeholder="X-Tenant" autoComplete="off" />
              <Input aria-label={`Header ${i + 1} value`} name="cred-h-value" type="password" autoComplete="off" placeholder={ph} />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                aria-label={`Remove header ${i + 1}`}
                onClick={() => setHeaders(headers.filter((x) => x !== k))}
              >
                <Trash2 aria-hidden />
              </Button>
            </div>
          ))}
          <div>
            <Button type="button" variant="outline" size="sm" onClick={() => setHeaders([...headers, Math.max(-1, ...headers) + 1])}>
              <Plus aria-hidden />
              Add header
            </Button>
          </div>
        </fieldset>
      );
  }
}

function Secret({ id, label, placeholder }: { id: string; label: string; placeholder?: string }) {
  return <FormField id={id} label={label} type="password" autoComplete="off" placeholder={placeholder} />;
}

function readSecret(type: CredentialType, f: FormData): Record<string, unknown> | null {
  const s = (k: string) => String(f.get(k) ?? "");
  switch (type) {
    case "bearer":
      return s("cred-token") ? { type, token: s("cred-token") } : null;
    case "api_key_header":
      return s("cred-value") || s("cred-header") ? { type, header: s("cred-header").trim(), value: s("cred-value") } : null;
    case "basic":
      return s("cred-password") || s("cred-username") ? { type, username: s("cred-username"), password: s("cred-password") } : null;
    case "oauth_client_credentials":
      return s("cred-client-id") || s("cred-client-secret")
        ? {
            type,
            clientId: s("cred-client-id").trim(),
            clientSecret: s("cred-client-secret"),
            tokenUrl: s("cred-token-url").trim(),
            scope: s("cred-scope").trim(),
          }
        : null;
    case "custom_headers": {
      const names = f.getAll("cred-h-name").map(String);
      const values = f.getAll("cred-h-value").map(String);
      const headers = names.map((name, i) => ({ name: name.trim(), value: values[i] ?? "" })).filter((h) => h.name || h.value);
      return headers.length ? { type, headers } : null;
    }
  }
}

/** Add or edit a credential. Secrets are write-only: editing shows "set"; filling the fields replaces them. */
export function CredentialsFormDialog({ credential, trigger }: { credential?: PublicCredential; trigger: ReactNode }) {
  const editing = credential !== undefined;
  const [type, setType] = useState<CredentialType>(credential?.type ?? "bearer");
  const [allowed, setAllowed] = useState<Role[]>(credential?.allowedRoles ?? ["admin", "designer"]);
  const { dialog } = useSettingsSave({
    collection: "/api/v1/credentials",
    id: credential?.id,
    noun: "Credential",
    listKey: credentialsKey,
    read: (f) => {
      const secret = readSecret(type, f);
      if (!editing && !secret) return "Fill in the secret fields.";
      if (editing && !secret && type !== credential.type) return "Changing the type needs a new secret.";
      return { name: String(f.get("cred-name") ?? ""), allowedRoles: allowed, ...(secret ? { secret } : {}) };
    },
    onOpen: () => {
      setType(credential?.type ?? "bearer");
      setAllowed(credential?.allowedRoles ?? ["admin", "designer"]);
    },
  });

  return (
    <SettingsFormDialog
      {...dialog}
      trigger={trigger}
      title={editing ? `Edit ${credential.name}` : "Add credential"}
      description="Used by HTTP nodes, agent HTTP tools and MCP servers (OAuth client credentials: MCP servers only). Stored encrypted; nobody can read it back."
      submitLabel={editing ? "Save credential" : "Add credential"}
    >
      <FormField id="cred-name" label="Name" defaultValue={credential?.name} required />
      <div className="grid gap-1.5">
        <Label htmlFor="cred-type">Type</Label>
        <select
          id="cred-type"
          value={type}
          onChange={(e) => setType(e.target.value as CredentialType)}
          className="h-9 rounded-md border border-input bg-background px-2 text-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {CREDENTIAL_TYPES.map((t) => (
            <option key={t} value={t}>
              {credentialTypeLabels[t]}
            </option>
          ))}
        </select>
      </div>
      <SecretFields key={type} type={type} editing={editing && type === credential.type} />
      <fieldset className="grid gap-2">
        <legend className="text-sm font-medium">Usable by runs started by</legend>
        <div className="flex flex-wrap gap-4">
          {roles.map((r) => (
            <label key={r} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4"
                checked={allowed.includes(r)}
                onChange={(e) => setAllowed(e.target.checked ? [...allowed, r] : allowed.filter((x) => x !== r))}
              />
              {roleLabels[r]}
            </label>
          ))}
        </div>
      </fieldset>
    </SettingsFormDialog>
  );
}
