"use client";
import { useState, type ReactNode } from "react";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import type { PublicProvider } from "@/lib/providers/provider-schemas";
import { FormField } from "./form-field";
import { ProvidersModelsEditor, type ModelRow } from "./providers-models-editor";
import { SettingsFormDialog, useSettingsSave } from "./settings-form-dialog";

export const providersKey = ["providers"] as const;

function toRows(p?: PublicProvider): ModelRow[] {
  return (p?.models ?? []).map((m) => ({ id: m.id, inputPerMTok: String(m.inputPerMTok), outputPerMTok: String(m.outputPerMTok) }));
}

function parseRows(rows: ModelRow[]): { models: { id: string; inputPerMTok: number; outputPerMTok: number }[] } | { error: string } {
  const models = [];
  for (const [i, r] of rows.entries()) {
    if (!r.id.trim()) return { error: `Model ${i + 1}: enter the model id or remove the row.` };
    const input = Number(r.inputPerMTok || "0");
    const output = Number(r.outputPerMTok || "0");
    if (!Number.isFinite(input) || input < 0 || !Number.isFinite(output) || output < 0) {
      return { error: `Model ${i + 1}: prices must be numbers of 0 or more.` };
    }
    models.push({ id: r.id.trim(), inputPerMTok: input, outputPerMTok: output });
  }
  return { models };
}

/** Blank → no limit; otherwise a whole number of at least `min`. */
function parseLimit(raw: FormDataEntryValue | null, label: string, min: number): { value: number | null } | { error: string } {
  const text = String(raw ?? "")
    .trim()
    .replaceAll(",", "");
  if (!text) return { value: null };
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    return { error: `${label}: enter a whole number of at least ${min}, or leave it blank for no limit.` };
  return { value: n };
}

/** Add or edit a provider. The API key field is write-only: blank keeps the stored key. */
export function ProvidersFormDialog({ provider, trigger }: { provider?: PublicProvider; trigger: ReactNode }) {
  const editing = provider !== undefined;
  const [rows, setRows] = useState<ModelRow[]>(() => toRows(provider));
  const [isDefault, setIsDefault] = useState(provider?.isDefault ?? false);
  const [removeKey, setRemoveKey] = useState(false);
  const { dialog } = useSettingsSave({
    collection: "/api/v1/providers",
    id: provider?.id,
    noun: "Provider",
    listKey: providersKey,
    read: (f) => {
      const parsed = parseRows(rows);
      if ("error" in parsed) return parsed.error;
      const concurrency = parseLimit(f.get("provider-max-concurrency"), "Max concurrent calls", 1);
      const tpm = parseLimit(f.get("provider-tokens-per-minute"), "Tokens per minute", 100);
      for (const l of [concurrency, tpm]) if ("error" in l) return l.error;
      const baseUrl = String(f.get("provider-base-url") ?? "").trim();
      const apiKey = String(f.get("provider-api-key") ?? "").trim();
      const body: Record<string, unknown> = {
        name: String(f.get("provider-name") ?? ""),
        baseUrl: baseUrl || null,
        defaultModel: String(f.get("provider-default-model") ?? ""),
        models: parsed.models,
        maxConcurrency: "value" in concurrency ? concurrency.value : null,
        tokensPerMinute: "value" in tpm ? tpm.value : null,
      };
      if (apiKey) body.apiKey = apiKey;
      else if (editing && removeKey) body.apiKey = null;
      if (!editing || isDefault !== provider.isDefault) body.isDefault = isDefault;
      return body;
    },
    onOpen: () => {
      setRows(toRows(provider));
      setIsDefault(provider?.isDefault ?? false);
      setRemoveKey(false);
    },
  });

  return (
    <SettingsFormDialog
      {...dialog}
      trigger={trigger}
      title={editing ? `Edit ${provider.name}` : "Add model provider"}
      description="OpenAI, or any OpenAI-compatible endpoint (Azure OpenAI gateway, Ollama, vLLM, LM Studio) by its base URL."
      submitLabel={editing ? "Save provider" : "Add provider"}
      className="sm:max-w-xl"
    >
      <FormField id="provider-name" label="Name" defaultValue={provider?.name} required />
      <FormField
        id="provider-base-url"
        label="Base URL"
        defaultValue={provider?.baseUrl ?? ""}
        placeholder="https://api.openai.com/v1"
        help="Leave blank for OpenAI. Must start with http:// or https://."
      />
      <FormField
        id="provider-api-key"
        label="API key"
        type="password"
        autoComplete="off"
        placeholder={provider?.hasKey ? "Set — leave blank to keep it" : "Not set"}
        help="Stored encrypted and never shown again. Type a new key to replace it."
      >
        {editing && provider.hasKey && (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={removeKey} onChange={(e) => setRemoveKey(e.target.checked)} className="size-4" />
            Remove the stored key (keyless local servers)
          </label>
        )}
      </FormField>
      <FormField
        id="provider-default-model"
        label="Default model"
        defaultValue={provider?.defaultModel}
        placeholder="gpt-4o-mini"
        required
      />
      <ProvidersModelsEditor rows={rows} onChange={setRows} />
      <fieldset className="grid gap-3 sm:grid-cols-2" aria-describedby="provider-limits-help">
        <legend className="mb-1 text-sm font-medium">Limits shared by all workers</legend>
        <FormField
          id="provider-max-concurrency"
          label="Max concurrent calls"
          inputMode="numeric"
          defaultValue={provider?.maxConcurrency ?? ""}
          placeholder="No limit"
        />
        <FormField
          id="provider-tokens-per-minute"
          label="Tokens per minute"
          inputMode="numeric"
          defaultValue={provider?.tokensPerMinute ?? ""}
          placeholder="No limit"
        />
        <p id="provider-limits-help" className="text-xs text-muted-foreground sm:col-span-2">
          A model call over a limit waits for a free slot instead of failing. Leave blank for no limit.
        </p>
      </fieldset>
      <div className="flex items-center gap-3">
        <Switch id="provider-is-default" checked={isDefault} onCheckedChange={setIsDefault} disabled={editing && provider.isDefault} />
        <Label htmlFor="provider-is-default">Default provider for agent nodes</Label>
      </div>
    </SettingsFormDialog>
  );
}
