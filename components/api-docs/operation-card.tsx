// One operation of the OpenAPI document: method and path as a disclosure (native <details>, so it
// works without JavaScript and with the keyboard), then roles, parameters, body, answer and errors.
import { SchemaFields, typeLabel, type Json } from "./schema-fields";

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200",
  post: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  patch: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  put: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  delete: "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200",
};

interface Media {
  schema?: Json;
  example?: unknown;
  examples?: Record<string, { value: { error: { code: string; message: string } } }>;
}
interface ResponseObj {
  description?: string;
  content?: Record<string, Media>;
}
export interface OperationObj {
  operationId: string;
  summary: string;
  description: string;
  "x-roles": string[] | "any";
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Json }[];
  requestBody?: { description?: string; content: Record<string, Media> };
  responses: Record<string, ResponseObj>;
}

function Heading({ children }: { children: string }) {
  return <h4 className="mt-3 mb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{children}</h4>;
}

function Example({ value }: { value: unknown }) {
  return <pre className="mt-1 overflow-x-auto rounded bg-muted p-2 font-mono text-xs">{JSON.stringify(value, null, 2)}</pre>;
}

export function OperationCard({ method, path, op }: { method: string; path: string; op: OperationObj }) {
  const statuses = Object.keys(op.responses).sort();
  const success = statuses.filter((s) => Number(s) < 400);
  const errors = statuses.filter((s) => Number(s) >= 400);
  const body = op.requestBody ? Object.entries(op.requestBody.content)[0] : undefined;
  return (
    <details id={op.operationId} className="group rounded-md border bg-card">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-2 p-3 focus-visible:outline-2 focus-visible:outline-ring">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold uppercase ${METHOD_STYLE[method] ?? ""}`}>{method}</span>
        <code className="font-mono text-sm break-all">{path}</code>
        <span className="text-sm text-muted-foreground">{op.summary}</span>
        <span className="ml-auto text-xs text-muted-foreground">
          <span className="sr-only">Roles: </span>
          {op["x-roles"] === "any" ? "any role" : op["x-roles"].length ? op["x-roles"].join(", ") : "signature"}
        </span>
      </summary>
      <div className="border-t p-3">
        <p className="text-sm">{op.description}</p>
        {op.parameters && op.parameters.length > 0 && (
          <>
            <Heading>Parameters</Heading>
            <ul className="grid gap-1 text-sm">
              {op.parameters.map((p) => (
                <li key={`${p.in}-${p.name}`} className="break-words">
                  <code className="font-mono text-xs font-semibold">{p.name}</code>{" "}
                  <span className="text-xs text-muted-foreground">
                    in {p.in} · <span className="font-mono">{typeLabel(p.schema)}</span> · {p.required ? "required" : "optional"}
                  </span>
                  {p.description && <span className="text-muted-foreground"> — {p.description}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        {body && (
          <>
            <Heading>{`Request body (${body[0]})`}</Heading>
            {op.requestBody?.description && <p className="text-sm text-muted-foreground">{op.requestBody.description}</p>}
            <SchemaFields schema={body[1].schema} />
            {body[1].example !== undefined && <Example value={body[1].example} />}
          </>
        )}
        {success.map((s) => {
          const media = Object.entries(op.responses[s].content ?? {})[0];
          return (
            <div key={s}>
              <Heading>{`Answer ${s}${media ? ` (${media[0]})` : ""}`}</Heading>
              {media?.[1].schema ? <SchemaFields schema={media[1].schema} /> : <p className="text-sm">{op.responses[s].description}</p>}
              {media?.[1].example !== undefined && <Example value={media[1].example} />}
            </div>
          );
        })}
        <Heading>Errors</Heading>
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Error answers of {`${method.toUpperCase()} ${path}`}</caption>
          <thead>
            <tr className="text-xs text-muted-foreground">
              <th scope="col" className="py-1 pr-3 font-medium">
                Status
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Code
              </th>
            </tr>
          </thead>
          <tbody>
            {errors.flatMap((s) =>
              Object.keys(op.responses[s].content?.["application/json"]?.examples ?? {}).map((code) => (
                <tr key={code} className="border-t align-top">
                  <td className="py-1 pr-3 font-mono text-xs">{s}</td>
                  <td className="py-1 pr-3">
                    <a className="font-mono text-xs underline underline-offset-2" href={`#error-${code}`}>
                      {code}
                    </a>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </details>
  );
}
