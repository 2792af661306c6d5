"use client";
// The credential picker of HTTP nodes and agent HTTP tools: stored credentials by name (the list
// API returns names, types and ids, never secrets). An id that is not in the list (deleted, or not
// visible to this user) stays selectable so opening a node never changes it.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { ApiClientError, apiFetch } from "@/lib/queries/api-fetch";
import { credentialTypeLabels, type PublicCredential } from "@/lib/credentials/credential-schemas";
import { ReferenceSelect } from "./reference-select";

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
    // the list is for designers: a viewer gets 403, which no retry changes (ReferenceSelect says so)
    retry: (n, e) => n < 1 && !(e instanceof ApiClientError && (e.status === 401 || e.status === 403)),
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
