"use client";
import { cn } from "@/lib/utils";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One JSON value, readable: scalars inline, objects as field lists, arrays as numbered lists. */
export function JsonValue({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || value === undefined) return <span className="text-muted-foreground italic">empty</span>;
  if (typeof value === "boolean") return <span className="font-medium">{value ? "Yes" : "No"}</span>;
  if (typeof value === "number") return <span className="font-mono tabular-nums">{value.toLocaleString("en-US")}</span>;
  if (typeof value === "string") {
    if (value === "") return <span className="text-muted-foreground italic">empty text</span>;
    return <span className="break-words whitespace-pre-wrap">{value}</span>;
  }
  if (depth > 4) return <code className="font-mono text-xs break-all">{JSON.stringify(value)}</code>;
  if (Array.isArray(value)) {
    if (!value.length) return <span className="text-muted-foreground italic">no items</span>;
    return (
      <ol className="grid gap-1">
        {value.map((v, i) => (
          <li key={i} className="flex gap-2">
            <span className="w-5 shrink-0 text-right text-xs text-muted-foreground tabular-nums">{i + 1}.</span>
            <div className="min-w-0 flex-1">
              <JsonValue value={v} depth={depth + 1} />
            </div>
          </li>
        ))}
      </ol>
    );
  }
  if (isRecord(value)) return <FieldList value={value} depth={depth + 1} />;
  return <span>{String(value)}</span>;
}

/** An object's fields as a definition list (label column + value column). */
export function FieldList({
  value,
  depth = 0,
  highlight,
}: {
  value: Record<string, unknown>;
  depth?: number;
  highlight?: ReadonlySet<string>;
}) {
  const entries = Object.entries(value);
  if (!entries.length) return <span className="text-muted-foreground italic">no fields</span>;
  return (
    <dl className={cn("grid grid-cols-[minmax(6rem,max-content)_1fr] gap-x-4 gap-y-1.5 text-sm", depth > 0 && "border-l pl-3")}>
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">
            {k}
            {highlight?.has(k) && <span className="ml-1 text-xs text-primary">(editable)</span>}
          </dt>
          <dd className="min-w-0" data-field={k}>
            <JsonValue value={v} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
