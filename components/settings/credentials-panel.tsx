"use client";
import { useQuery } from "@tanstack/react-query";
import { KeyRound, Pencil, Plus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiFetch } from "@/lib/queries/api-fetch";
import { roleLabels } from "@/lib/auth/roles";
import { credentialTypeLabels, type PublicCredential } from "@/lib/credentials/credential-schemas";
import { ProvidersDeleteButton } from "./providers-delete-button";
import { CredentialsFormDialog, credentialsKey } from "./credentials-form-dialog";
import { FormError } from "@/components/ui/form-error";

function AddButton({ label = "Add credential" }: { label?: string }) {
  return (
    <CredentialsFormDialog
      trigger={
        <Button variant="outline">
          <Plus aria-hidden />
          {label}
        </Button>
      }
    />
  );
}

/** Settings → Credentials (admin): write-only secrets for HTTP nodes and tools. */
export function CredentialsPanel() {
  const { data, isPending, error } = useQuery({
    queryKey: credentialsKey,
    queryFn: () => apiFetch<{ credentials: PublicCredential[] }>("/api/v1/credentials"),
  });
  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-4">
        <div className="grid gap-1">
          <CardTitle>
            <h2>Credentials</h2>
          </CardTitle>
          <CardDescription>
            Tokens, keys and passwords for HTTP nodes and agent tools, referenced by name and never shown again.
          </CardDescription>
        </div>
        <AddButton />
      </CardHeader>
      <CardContent>
        {isPending ? (
          <Spinner label="Loading credentials…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : data.credentials.length === 0 ? (
          <EmptyState
            icon={KeyRound}
            title="No credentials yet"
            description="Add a bearer token, an API-key header, basic auth or custom headers, then pick it in an HTTP node or an agent's HTTP tool."
            action={<AddButton label="Add your first credential" />}
          />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Secret</TableHead>
                <TableHead>Usable by</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.credentials.map((c) => (
                <TableRow key={c.id}>
                  <TableCell className="font-medium">{c.name}</TableCell>
                  <TableCell>{credentialTypeLabels[c.type]}</TableCell>
                  <TableCell>
                    <Badge variant="secondary">Set</Badge>
                  </TableCell>
                  <TableCell className="text-sm">{c.allowedRoles.map((r) => roleLabels[r]).join(", ")}</TableCell>
                  <TableCell className="text-right">
                    <div className="flex justify-end gap-1">
                      <CredentialsFormDialog
                        credential={c}
                        trigger={
                          <Button variant="ghost" size="icon" aria-label={`Edit ${c.name}`}>
                            <Pencil aria-hidden />
                          </Button>
                        }
                      />
                      <ProvidersDeleteButton
                        url={`/api/v1/credentials/${c.id}`}
                        name={c.name}
                        what="Credential"
                        queryKey={credentialsKey}
                      />
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
