"use client";
import { useQuery } from "@tanstack/react-query";
import { Bot, Pencil, Plus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { apiFetch } from "@/lib/queries/api-fetch";
import type { PublicProvider } from "@/lib/providers/provider-schemas";
import { ProvidersDeleteButton } from "./providers-delete-button";
import { ProvidersFormDialog, providersKey } from "./providers-form-dialog";
import { ProvidersTestButton } from "./providers-test-button";
import { FormError } from "@/components/ui/form-error";

function AddButton({ label = "Add provider" }: { label?: string }) {
  return (
    <ProvidersFormDialog
      trigger={
        <Button>
          <Plus aria-hidden />
          {label}
        </Button>
      }
    />
  );
}

/** Settings → Model providers (admin). Keys are write-only: the table only says whether one is set. */
export function ProvidersPanel() {
  const { data, isPending, error } = useQuery({
    queryKey: providersKey,
    queryFn: () => apiFetch<{ providers: PublicProvider[] }>("/api/v1/providers"),
  });
  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between gap-4">
        <div className="grid gap-1">
          <CardTitle>
            <h2>Model providers</h2>
          </CardTitle>
          <CardDescription>Endpoints agent nodes call through the OpenAI SDK, with the prices used for cost accounting.</CardDescription>
        </div>
        <AddButton />
      </CardHeader>
      <CardContent>
        {isPending ? (
          <Spinner label="Loading providers…" />
        ) : error ? (
          <FormError>{error.message}</FormError>
        ) : data.providers.length === 0 ? (
          <EmptyState
            icon={Bot}
            title="No model provider yet"
            description="Add OpenAI or any OpenAI-compatible endpoint so agent nodes can run. Setting OPENAI_API_KEY on the server also creates one."
            action={<AddButton label="Add your first provider" />}
          />
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead>Endpoint</TableHead>
                <TableHead>API key</TableHead>
                <TableHead>Default model</TableHead>
                <TableHead>Connection</TableHead>
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.providers.map((p) => (
                <TableRow key={p.id}>
                  <TableCell className="font-medium">
                    <div className="flex flex-wrap items-center gap-2">
                      {p.name}
                      {p.isDefault && <Badge>Default</Badge>}
                      {p.fromEnvironment && <Badge variant="outline">Environment</Badge>}
                    </div>
                  </TableCell>
                  <TableCell className="max-w-56 truncate font-mono text-xs">{p.baseUrl ?? "api.openai.com"}</TableCell>
                  <TableCell>
                    {p.hasKey ? <Badge variant="secondary">Set</Badge> : <span className="text-sm text-muted-foreground">Not set</span>}
                  </TableCell>
                  <TableCell>
                    <span className="font-mono text-xs">{p.defaultModel}</span>
                    <span className="ml-2 text-xs text-muted-foreground">
                      {p.models.length} priced model{p.models.length === 1 ? "" : "s"}
                    </span>
                  </TableCell>
                  <TableCell>
                    <ProvidersTestButton providerId={p.id} name={p.name} />
                  </TableCell>
                  <TableCell className="text-right">
                    <div className="flex justify-end gap-1">
                      <ProvidersFormDialog
                        provider={p}
                        trigger={
                          <Button variant="ghost" size="icon" aria-label={`Edit ${p.name}`}>
                            <Pencil aria-hidden />
                          </Button>
                        }
                      />
                      {!p.fromEnvironment && (
                        <ProvidersDeleteButton url={`/api/v1/providers/${p.id}`} name={p.name} what="Provider" queryKey={providersKey} />
                      )}
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
