"use client";
// Import a dataset from a CSV: choose (or paste) the file, map each column to a Start input field,
// the expected output or nothing, see the first rows as they will be imported, then import. The
// server types and checks every cell (lib/evaluations/csv-rows.ts); a refusal lists each row's problem.
import { useMemo, useState } from "react";
import { parse } from "csv-parse/browser/esm/sync";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { nativeSelectClass } from "@/components/editor/inspector/field-parts";
import { ImportError } from "./import-error";
import { DatasetImportDialog, useDatasetImport } from "./dataset-import-dialog";
import { FormError } from "@/components/ui/form-error";

const PREVIEW_ROWS = 5;
const EXPECTED = "\u0000expected";
const IGNORE = "\u0000ignore";

/** The header and the first rows, or why the text is not CSV (the server parses it again in full). */
function head(csv: string): { columns: string[]; rows: string[][] } | { error: string } | null {
  if (!csv.trim()) return null;
  try {
    const records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, to: PREVIEW_ROWS + 1 }) as string[][];
    const [header, ...rows] = records;
    return header ? { columns: header.map((h) => h.trim()), rows } : { error: "The CSV has no header line" };
  } catch (e) {
    return { error: `Not valid CSV: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Same-named input field, "expected" → the expected output, anything else left out. */
function defaultTarget(column: string, fields: string[]): string {
  if (fields.includes(column)) return column;
  if (column === "expected") return EXPECTED;
  return IGNORE;
}

export function CsvImportDialog({
  workflowId,
  inputFields,
  open,
  onOpenChange,
}: {
  workflowId: string;
  inputFields: string[];
  open: boolean;
  onOpenChange: (o: boolean) => void;
}) {
  const [name, setName] = useState("");
  const [csv, setCsv] = useState("");
  const [targets, setTargets] = useState<Record<string, string>>({});
  const parsed = useMemo(() => head(csv), [csv]);
  const columns = parsed && "columns" in parsed ? parsed.columns : [];
  const targetOf = (c: string) => targets[c] ?? defaultTarget(c, inputFields);
  const expectedColumn = columns.find((c) => targetOf(c) === EXPECTED);
  const twoExpected = columns.filter((c) => targetOf(c) === EXPECTED).length > 1;
  const mapped = columns.filter((c) => targetOf(c) !== EXPECTED && targetOf(c) !== IGNORE);
  const save = useDatasetImport(workflowId, () => {
    setName("");
    setCsv("");
    setTargets({});
    onOpenChange(false);
  });
  const body = () => ({
    source: "csv",
    name,
    csv,
    columns: Object.fromEntries(mapped.map((c) => [c, targetOf(c)])),
    ignoredColumns: columns.filter((c) => targetOf(c) === IGNORE),
    ...(expectedColumn !== undefined ? { expectedColumn } : {}),
  });
  const choose = (text: string) => {
    setCsv(text);
    setTargets({});
    save.reset();
  };
  return (
    <DatasetImportDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Import a dataset from CSV"
      description={
        <>
          The first line names the columns. Choose which Start input field each column fills, which one holds the expected output (JSON or
          text), and which to leave out.
        </>
      }
      nameId="dataset-name"
      name={name}
      onNameChange={setName}
      onSubmit={() => save.mutate(body())}
      className="sm:max-w-2xl"
    >
      <div className="grid gap-1">
        <Label htmlFor="dataset-file">CSV file</Label>
        <Input
          id="dataset-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const f = e.target.files?.[0];
            if (f) choose(await f.text());
          }}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="dataset-csv">Or paste the CSV</Label>
        <Textarea id="dataset-csv" rows={5} className="font-mono text-xs" value={csv} onChange={(e) => choose(e.target.value)} />
      </div>
      {parsed && "error" in parsed && <FormError>{parsed.error}</FormError>}
      {columns.length > 0 && (
        <fieldset className="grid gap-2">
          <legend className="mb-1 text-sm font-medium">Columns</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {columns.map((c, i) => (
              <div key={`${c}-${i}`} className="grid gap-1">
                <Label htmlFor={`csv-column-${i}`}>Column “{c}”</Label>
                <select
                  id={`csv-column-${i}`}
                  className={nativeSelectClass}
                  value={targetOf(c)}
                  onChange={(e) => setTargets((t) => ({ ...t, [c]: e.target.value }))}
                >
                  {[...new Set([...inputFields, ...(inputFields.includes(c) ? [] : [c])])].map((f) => (
                    <option key={f} value={f}>
                      Input field: {f}
                      {inputFields.includes(f) ? "" : " (not in the Start schema)"}
                    </option>
                  ))}
                  <option value={EXPECTED}>Expected output</option>
                  <option value={IGNORE}>Leave out</option>
                </select>
              </div>
            ))}
          </div>
          {twoExpected && <FormError>Only one column can hold the expected output.</FormError>}
        </fieldset>
      )}
      {parsed && "rows" in parsed && parsed.rows.length > 0 && (
        <div className="grid gap-1">
          <p className="text-sm font-medium" id="csv-preview-title">
            Preview (first {Math.min(PREVIEW_ROWS, parsed.rows.length)} rows)
          </p>
          <div className="overflow-x-auto">
            <Table aria-labelledby="csv-preview-title">
              <TableHeader>
                <TableRow>
                  <TableHead>Line</TableHead>
                  {mapped.map((c) => (
                    <TableHead key={c}>{targetOf(c)}</TableHead>
                  ))}
                  {expectedColumn !== undefined && <TableHead>Expected</TableHead>}
                </TableRow>
              </TableHeader>
              <TableBody>
                {parsed.rows.map((r, i) => (
                  <TableRow key={i}>
                    <TableCell>{i + 2}</TableCell>
                    {mapped.map((c) => (
                      <TableCell key={c} className="max-w-48 truncate font-mono text-xs">
                        {r[columns.indexOf(c)] ?? ""}
                      </TableCell>
                    ))}
                    {expectedColumn !== undefined && (
                      <TableCell className="max-w-48 truncate font-mono text-xs">{r[columns.indexOf(expectedColumn)] ?? ""}</TableCell>
                    )}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
      <ImportError error={save.error} rowLabel="Line" />
      <DialogFooter>
        <Button
          type="submit"
          className="min-h-11"
          disabled={save.isPending || !columns.length || twoExpected || !name.trim()}
          aria-describedby={save.isPending ? "csv-import-progress" : undefined}
        >
          {save.isPending ? "Importing…" : "Import"}
        </Button>
        {save.isPending && (
          <p id="csv-import-progress" role="status" className="sr-only">
            Importing the CSV
          </p>
        )}
      </DialogFooter>
    </DatasetImportDialog>
  );
}
