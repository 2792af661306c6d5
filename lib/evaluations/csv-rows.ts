// CSV → dataset rows. Parsed with csv-parse (RFC 4180: quoted fields, doubled quotes, CRLF, a BOM);
// the header names the columns, each column maps to the input field of the same name unless
// `columns` maps it elsewhere or `ignoredColumns` leaves it out, and the expected column (default "expected" when there is one) holds
// the expected output. Cells are text; a field the Start schema types as a number, integer, boolean,
// object or array is converted, and the expected cell is JSON when it parses as JSON, else text.
// Every problem is reported with its CSV line number; nothing is half-imported.
import { parse } from "csv-parse/sync";
import { MAX_DATASET_ROWS } from "./evaluation-schemas";

export interface CsvImportOptions {
  columns: Record<string, string>;
  expectedColumn?: string;
  /** Columns left out of the rows. */
  ignoredColumns?: string[];
  /** The Start node's input schema (its `properties` give the field types). */
  inputSchema: unknown;
}

export interface RowProblem {
  /** 1-based line of the CSV (the header is line 1). */
  row: number;
  message: string;
}

export type CsvImportResult =
  { ok: true; rows: { input: Record<string, unknown>; expected?: unknown }[] } | { ok: false; problems: RowProblem[] };

function fieldTypes(schema: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const props = (schema as { properties?: unknown } | null)?.properties;
  if (!props || typeof props !== "object") return out;
  for (const [k, v] of Object.entries(props as Record<string, unknown>)) {
    const t = (v as { type?: unknown } | null)?.type;
    if (typeof t === "string") out.set(k, t);
  }
  return out;
}

function convert(cell: string, type: string | undefined): { ok: true; value: unknown } | { ok: false; message: string } {
  switch (type) {
    case "number":
    case "integer": {
      const n = cell.trim() === "" ? Number.NaN : Number(cell);
      if (!Number.isFinite(n) || (type === "integer" && !Number.isInteger(n)))
        return { ok: false, message: `"${cell}" is not ${type === "integer" ? "an integer" : "a number"}` };
      return { ok: true, value: n };
    }
    case "boolean": {
      const t = cell.trim().toLowerCase();
      if (t === "true") return { ok: true, value: true };
      if (t === "false") return { ok: true, value: false };
      return { ok: false, message: `"${cell}" is not true or false` };
    }
    case "object":
    case "array": {
      try {
        const v: unknown = JSON.parse(cell);
        if (type === "array" ? Array.isArray(v) : v !== null && typeof v === "object" && !Array.isArray(v)) return { ok: true, value: v };
      } catch {
        // reported below
      }
      return { ok: false, message: `is not a JSON ${type}` };
    }
    default:
      return { ok: true, value: cell };
  }
}

function expectedValue(cell: string): unknown {
  try {
    return JSON.parse(cell) as unknown;
  } catch {
    return cell;
  }
}

/** Parse the CSV into rows, or every problem found (row numbers are CSV lines, header = 1). */
export function csvRows(csv: string, opts: CsvImportOptions): CsvImportResult {
  let records: string[][];
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    return { ok: false, problems: [{ row: line ?? 1, message: `Not valid CSV: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const [header, ...body] = records;
  if (!header || !body.length) return { ok: false, problems: [{ row: 1, message: "The CSV needs a header line and at least one row" }] };
  if (body.length > MAX_DATASET_ROWS)
    return { ok: false, problems: [{ row: MAX_DATASET_ROWS + 2, message: `At most ${MAX_DATASET_ROWS} rows` }] };
  const names = header.map((h) => h.trim());
  const problems: RowProblem[] = [];
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) problems.push({ row: 1, message: `Column "${dup}" appears twice` });
  const ignored = new Set(opts.ignoredColumns ?? []);
  for (const c of [...Object.keys(opts.columns), ...ignored])
    if (!names.includes(c)) problems.push({ row: 1, message: `There is no column "${c}"` });
  const expectedColumn = opts.expectedColumn ?? (names.includes("expected") ? "expected" : undefined);
  if (expectedColumn !== undefined && !names.includes(expectedColumn))
    problems.push({ row: 1, message: `There is no column "${expectedColumn}"` });
  if (problems.length) return { ok: false, problems };
  const types = fieldTypes(opts.inputSchema);
  const rows: { input: Record<string, unknown>; expected?: unknown }[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    const input: Record<string, unknown> = {};
    let expected: unknown = undefined;
    names.forEach((name, c) => {
      if (ignored.has(name)) return;
      const cell = cells[c] ?? "";
      if (name === expectedColumn) {
        if (cell !== "") expected = expectedValue(cell);
        return;
      }
      const field = opts.columns[name] ?? name;
      const v = convert(cell, types.get(field));
      if (v.ok) input[field] = v.value;
      else problems.push({ row: line, message: `${name}: ${v.message}` });
    });
    rows.push(expected === undefined ? { input } : { input, expected });
  });
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
