// A JSON Schema from the OpenAPI document as a readable field list: name, type, required, and a
// short description; `$ref`s link to the schema's entry under "Schemas" at the end of the page.
// Server-rendered: no client JavaScript.
import type { ReactNode } from "react";

export type Json = Record<string, unknown>;

const refName = (ref: string) => ref.replace("#/components/schemas/", "");

export function schemaAnchor(name: string): string {
  return `schema-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** A one-line type: "string", "integer | null", "Run[]", "enum: a, b". */
export function typeLabel(s: Json | undefined): ReactNode {
  if (!s || Object.keys(s).length === 0) return "any";
  if (typeof s.$ref === "string") {
    const name = refName(s.$ref);
    return (
      <a className="underline underline-offset-2" href={`#${schemaAnchor(name)}`}>
        {name}
      </a>
    );
  }
  if (Array.isArray(s.enum)) return `enum: ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  if ("const" in s) return `= ${JSON.stringify(s.const)}`;
  const alts = (s.anyOf ?? s.oneOf) as Json[] | undefined;
  if (Array.isArray(alts)) {
    return alts.map((a, i) => (
      <span key={i}>
        {i > 0 && " | "}
        {typeLabel(a)}
      </span>
    ));
  }
  if (s.type === "array") return <>{typeLabel(s.items as Json | undefined)}[]</>;
  if (Array.isArray(s.type)) return s.type.join(" | ");
  if (typeof s.type === "string") return s.type === "object" && !s.properties ? "object" : s.type;
  if (Array.isArray(s.allOf)) return typeLabel((s.allOf as Json[])[0]);
  return "any";
}

function constraints(s: Json): string {
  const parts: string[] = [];
  for (const [k, label] of [
    ["minLength", "min length"],
    ["maxLength", "max length"],
    ["minimum", "min"],
    ["maximum", "max"],
    ["minItems", "min items"],
    ["maxItems", "max items"],
    ["format", "format"],
    ["default", "default"],
  ] as const) {
    const v = s[k];
    if (v === undefined || (typeof v === "number" && Math.abs(v) >= Number.MAX_SAFE_INTEGER)) continue;
    parts.push(`${label} ${typeof v === "string" ? v : JSON.stringify(v)}`);
  }
  return parts.join(", ");
}

/** The object's own properties (nested objects one level deep), or the type alone. */
export function SchemaFields({ schema, depth = 0 }: { schema: Json | undefined; depth?: number }) {
  if (!schema) return <p className="text-sm text-muted-foreground">No body.</p>;
  const props = schema.properties as Record<string, Json> | undefined;
  if (!props || Object.keys(props).length === 0) {
    const c = constraints(schema);
    return (
      <p className="text-sm">
        <span className="font-mono text-xs">{typeLabel(schema)}</span>
        {c && <span className="text-muted-foreground"> ({c})</span>}
        {typeof schema.description === "string" && <span className="text-muted-foreground"> — {schema.description}</span>}
      </p>
    );
  }
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return (
    <ul className={depth === 0 ? "grid gap-1 text-sm" : "mt-1 grid gap-1 border-l pl-3 text-sm"}>
      {Object.entries(props).map(([name, s]) => {
        const c = constraints(s);
        return (
          <li key={name} className="break-words">
            <code className="font-mono text-xs font-semibold">{name}</code>{" "}
            <span className="font-mono text-xs text-muted-foreground">{typeLabel(s)}</span>
            {required.has(name) ? (
              <span className="text-xs"> · required</span>
            ) : (
              <span className="text-xs text-muted-foreground"> · optional</span>
            )}
            {c && <span className="text-xs text-muted-foreground"> · {c}</span>}
            {typeof s.description === "string" && <span className="text-muted-foreground"> — {s.description}</span>}
            {depth < 1 && s.type === "object" && s.properties ? <SchemaFields schema={s} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
