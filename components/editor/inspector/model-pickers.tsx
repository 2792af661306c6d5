"use client";
// The agent's Provider and Model pickers (and each fallback's), fed by the providers in Settings and
// the models each lists (the editor page's design environment). A provider that lists no models
// takes any name, with a warning that it is not checked. Ids that are not in the lists (deleted,
// typed by hand before the pickers) stay as they are and are named as unknown, so opening a node
// never changes it; validation reports them.
import Link from "next/link";
import { cn } from "@/lib/utils";
import type { DesignProvider } from "@/lib/model/validation/design-env";
import { useDesignEnv } from "../design-env-context";
import { Combobox } from "./combobox";
import { nativeSelectClass } from "./field-parts";

const SETTINGS_LINK = (
  <Link href="/settings" className="font-medium text-foreground underline underline-offset-2">
    Settings
  </Link>
);

/** The provider a config uses: the one it names, else the default one. */
export function effectiveProvider(providers: readonly DesignProvider[], providerId: unknown): DesignProvider | undefined {
  if (typeof providerId === "string" && providerId) return providers.find((p) => p.id === providerId);
  return providers.find((p) => p.isDefault) ?? providers[0];
}

export function ProviderSelect({
  id,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: unknown;
  onChange: (providerId: string | null) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const env = useDesignEnv();
  const providers = env?.providers ?? [];
  const current = typeof value === "string" ? value : "";
  const unknown = current !== "" && !providers.some((p) => p.id === current);
  const fallback = effectiveProvider(providers, null);
  return (
    <div className="grid gap-1.5">
      <select
        id={id}
        className={nativeSelectClass}
        value={current}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
      >
        <option value="">{fallback ? `Default provider (${fallback.name})` : "Default provider"}</option>
        {providers.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {p.isDefault ? " · default" : ""}
          </option>
        ))}
        {unknown && <option value={current}>Unknown provider ({current})</option>}
      </select>
      {env && providers.length === 0 && (
        <p className="text-xs text-muted-foreground">No model providers yet — add one in {SETTINGS_LINK}.</p>
      )}
    </div>
  );
}

export function ModelPicker({
  id,
  value,
  providerId,
  onChange,
  invalid,
  describedBy,
}: {
  id: string;
  value: unknown;
  /** The sibling Provider field's value (null: the default provider). */
  providerId: unknown;
  onChange: (model: string) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const env = useDesignEnv();
  const provider = env ? effectiveProvider(env.providers, providerId) : undefined;
  const text = typeof value === "string" ? value : "";
  const models = provider?.models ?? [];
  const unchecked = !!provider && models.length === 0;
  const warnId = `${id}-unchecked`;
  return (
    <div className="grid gap-1.5">
      <Combobox
        id={id}
        text={text}
        onTextChange={onChange}
        onPick={(o) => onChange(o.value)}
        options={models.map((m) => ({ value: m, label: m, detail: m === provider?.defaultModel ? "Default model" : undefined }))}
        placeholder={provider?.defaultModel ? `Default: ${provider.defaultModel}` : "Default model"}
        invalid={invalid}
        describedBy={[unchecked ? warnId : null, describedBy].filter(Boolean).join(" ") || undefined}
        emptyText={models.length ? "No listed model matches (the name is kept as typed)" : "This provider lists no models"}
      />
      {unchecked && (
        <p id={warnId} className={cn("text-xs text-status-waiting")} data-testid="model-unchecked">
          {provider.name} lists no models, so this name is not checked: make sure the provider has it (or list its models in {SETTINGS_LINK}
          ).
        </p>
      )}
    </div>
  );
}
