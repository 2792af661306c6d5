import { PageHeader } from "@/components/ui/page-header";
import { OperationCard, type OperationObj } from "@/components/api-docs/operation-card";
import { SchemaFields, schemaAnchor, type Json } from "@/components/api-docs/schema-fields";
import { requirePageUser } from "@/lib/auth/page-guard";
import { errorCatalogue } from "@/lib/errors/catalogue";
import { openApiDocument } from "@/app/api/v1/openapi.json/document";

export const metadata = { title: "API reference" };

/**
 * /api-docs — the OpenAPI document rendered on the server (no client JavaScript, no UI library):
 * operations grouped by tag, each a native disclosure with roles, parameters, body and answer fields
 * and error codes; then the shared schemas and the error catalogue.
 */
export default async function ApiDocsPage() {
  await requirePageUser();
  const doc = await openApiDocument();
  const byTag = new Map<string, { method: string; path: string; op: OperationObj }[]>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(ops)) {
      const op = raw as unknown as OperationObj & { tags: string[] };
      const tag = op.tags[0];
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  }
  const tags = [...byTag.keys()].sort();
  const schemas = Object.entries(doc.components.schemas)
    .filter(([name]) => !name.startsWith("Schema"))
    .sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="mx-auto grid max-w-5xl gap-6">
      <PageHeader
        title="API reference"
        description={
          <>
            Every <code className="font-mono text-xs">/api/v1</code> route, generated from the schemas the routes parse. Authenticate with
            the session cookie or an API key (<code className="font-mono text-xs">Authorization: Bearer sy_…</code>); with the cookie,
            changes must send an Origin header naming this server. Errors are{" "}
            <code className="font-mono text-xs">{"{ error: { code, message, details? } }"}</code>.
          </>
        }
        actions={
          <a className="text-sm underline underline-offset-2" href="/api/v1/openapi.json">
            OpenAPI 3.1 document (JSON)
          </a>
        }
      />
      <nav aria-label="API sections" className="flex flex-wrap gap-2 text-sm">
        {tags.map((t) => (
          <a key={t} href={`#tag-${t}`} className="rounded border px-2 py-1 hover:bg-accent">
            {t}
          </a>
        ))}
        <a href="#schemas" className="rounded border px-2 py-1 hover:bg-accent">
          Schemas
        </a>
        <a href="#errors" className="rounded border px-2 py-1 hover:bg-accent">
          Error codes
        </a>
      </nav>
      {tags.map((t) => (
        <section key={t} aria-labelledby={`tag-${t}`} className="grid gap-2">
          <h2 id={`tag-${t}`} className="scroll-mt-4 text-lg font-semibold">
            {t}
          </h2>
          {byTag.get(t)!.map(({ method, path, op }) => (
            <OperationCard key={`${method} ${path}`} method={method} path={path} op={op} />
          ))}
        </section>
      ))}
      <section aria-labelledby="schemas" className="grid gap-2">
        <h2 id="schemas" className="scroll-mt-4 text-lg font-semibold">
          Schemas
        </h2>
        {schemas.map(([name, schema]) => (
          <div key={name} id={schemaAnchor(name)} className="scroll-mt-4 rounded-md border bg-card p-3">
            <h3 className="mb-2 font-mono text-sm font-semibold">{name}</h3>
            {typeof schema.description === "string" && <p className="mb-2 text-sm text-muted-foreground">{schema.description}</p>}
            <SchemaFields schema={schema as Json} />
          </div>
        ))}
      </section>
      <section aria-labelledby="errors" className="grid gap-2">
        <h2 id="errors" className="scroll-mt-4 text-lg font-semibold">
          Error codes
        </h2>
        <div className="overflow-x-auto rounded-md border">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Every error code with its HTTP status and meaning</caption>
            <thead className="bg-muted/50 text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="p-2 font-medium">
                  Code
                </th>
                <th scope="col" className="p-2 font-medium">
                  Status
                </th>
                <th scope="col" className="p-2 font-medium">
                  Meaning
                </th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(errorCatalogue)
                .sort(([a, x], [b, y]) => x.status - y.status || a.localeCompare(b))
                .map(([code, e]) => (
                  <tr key={code} id={`error-${code}`} className="scroll-mt-4 border-t align-top">
                    <td className="p-2 font-mono text-xs break-all">{code}</td>
                    <td className="p-2 font-mono text-xs">{e.status}</td>
                    <td className="p-2">{e.explain}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
