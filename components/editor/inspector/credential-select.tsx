"use client";
// The credential picker of HTTP nodes and agent HTTP tools: stored credentials by name (the list
// API returns names, types and ids, never secrets). An id that is not in the list (deleted, or not
// visible to this user) stays selectable so opening a node never changes it.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/queries/api-fetch";
import { credentialTypeLabels, type PublicCredential } from "@/lib/credentials/credential-schemas";
import { ReferenceSelect, retryUnlessDenied, type PickerProps } from "./reference-select";

/** Same key and shape as Settings → Credentials, so both share one cache entry. */
const credentialsKey = ["credentials"] as const;

export function CredentialSelect({ id, value, onChange, invalid }: PickerProps<string | undefined>) {
  const { data, isPending, error } = useQuery({
    queryKey: credentialsKey,
    queryFn: () => apiFetch<{ credentials: PublicCredential[] }>("/api/v1/credentials"),
    staleTime: 30_000,
    retry: retryUnlessDenied,
  });
  return (
    <ReferenceSelect
      id={id}
      value={value}
      invalid={invalid}
      onChange={(v) => onChange(v === "" ? undefined : v)}
      options={(data?.credentials ?? []).map((c) => ({ value: c.id, label: `${c.name} · ${credentialTypeLabels[c.type] ?? c.type}` }))}
      isPending={isPending}
      error={error}
      noun="credentials"
      placeholder="None"
      unknownLabel={(c) => `Unknown credential (${c})`}
      empty={
        <>
          No credentials yet —{" "}
          <Link href="/settings" className="font-medium text-foreground underline underline-offset-2">
            add one in Settings
          </Link>
        </>
      }
    />
  );
}
