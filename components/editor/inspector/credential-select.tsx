"use client";
// The credential picker of HTTP nodes and agent HTTP tools: stored credentials by name (the list
// API returns names, types and ids, never secrets). An id that is not in the list (deleted, or not
// visible to this user) stays selectable so opening a node never changes it.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-fetch";
import { credentialTypeLabels, type PublicCredential } from "@/lib/ai/credential-schemas";
import { cn } from "@/lib/utils";
import { nativeSelectClass } from "./field-parts";

/** Same key and shape as Settings → Credentials, so both share one cache entry. */
const credentialsKey = ["credentials"] as const;

export function CredentialSelect({
  id,
  value,
  onChange,
  invalid,
}: {
  id: string;
  value: unknown;
  onChange: (credentialId: string | undefined) => void;
  invalid?: boolean;
}) {
  const { data, isPending, error } = useQuery({
    queryKey: credentialsKey,
    queryFn: () => apiFetch<{ credentials: PublicCredential[] }>("/api/v1/credentials"),
    staleTime: 30_000,
  });
  const current = typeof value === "string" ? value : "";
  const credentials = data?.credentials ?? [];
  const unknown = current !== "" && !isPending && !credentials.some((c) => c.id === current);
  return (
    <div className="grid gap-1.5">
      <select
        id={id}
        className={cn(nativeSelectClass)}
        value={current}
        disabled={isPending}
        aria-invalid={invalid ? true : undefined}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
      >
        <option value="">{isPending ? "Loading credentials…" : "None"}</option>
        {credentials.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} · {credentialTypeLabels[c.type] ?? c.type}
          </option>
        ))}
        {unknown && <option value={current}>Unknown credential ({current})</option>}
      </select>
      {error ? (
        <p className="text-xs text-destructive">Could not load credentials: {error.message}</p>
      ) : !isPending && credentials.length === 0 ? (
        <p className="text-xs text-muted-foreground">
          No credentials yet —{" "}
          <Link href="/settings" className="font-medium text-foreground underline underline-offset-2">
            add one in Settings
          </Link>
        </p>
      ) : null}
    </div>
  );
}
