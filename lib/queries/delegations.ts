// Client-side queries and mutations of the out-of-office delegation API (the account page uses these).
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import type { delegateCandidatesOut, delegationListOut, delegationOut } from "@/lib/api/responses/tasks";
import { apiFetch } from "./api-fetch";

export type DelegationItem = z.output<typeof delegationListOut>["delegations"][number];
export type DelegateCandidate = z.output<typeof delegateCandidatesOut>["users"][number];

export const delegationKeys = {
  all: ["delegations"] as const,
  list: () => ["delegations", "list"] as const,
  candidates: () => ["delegations", "candidates"] as const,
};

export function delegationsQuery() {
  return queryOptions({
    queryKey: delegationKeys.list(),
    queryFn: ({ signal }) => apiFetch<z.output<typeof delegationListOut>>("/api/v1/delegations", { signal }),
  });
}

export function delegateCandidatesQuery() {
  return queryOptions({
    queryKey: delegationKeys.candidates(),
    queryFn: ({ signal }) => apiFetch<z.output<typeof delegateCandidatesOut>>("/api/v1/delegations/candidates", { signal }),
    staleTime: 60_000,
  });
}

export function createDelegation(body: { delegateId: string; fromMs: number; toMs: number; note?: string }) {
  return apiFetch<z.output<typeof delegationOut>>("/api/v1/delegations", { method: "POST", body });
}

export function cancelDelegation(id: string) {
  return apiFetch<z.output<typeof delegationOut>>(`/api/v1/delegations/${encodeURIComponent(id)}`, { method: "DELETE" });
}
