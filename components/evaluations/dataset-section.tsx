"use client";
import { useState } from "react";
import { Database, History, Upload } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DatasetRecord } from "./eval-api";
import { CsvImportDialog } from "./csv-import-dialog";
import { RunsImportDialog, type VersionChoice } from "./runs-import-dialog";

export function DatasetSection({
  workflowId,
  datasets,
  canWrite,
  inputFields,
  versions,
}: {
  workflowId: string;
  datasets: DatasetRecord[];
  canWrite: boolean;
  /** The draft's Start input fields, for the CSV column mapping. */
  inputFields: string[];
  versions: VersionChoice[];
}) {
  const [open, setOpen] = useState<"csv" | "runs" | null>(null);
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
        <div className="grid gap-1">
          <CardTitle>Datasets</CardTitle>
          <CardDescription>Inputs to run the workflow on, each with the output you expect.</CardDescription>
        </div>
        {canWrite && (
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" className="min-h-11" onClick={() => setOpen("csv")}>
              <Upload aria-hidden /> Import CSV
            </Button>
            <Button variant="outline" className="min-h-11" onClick={() => setOpen("runs")}>
              <History aria-hidden /> From past runs
            </Button>
          </div>
        )}
      </CardHeader>
      <CardContent>
        {datasets.length === 0 ? (
          <EmptyState
            icon={Database}
            title="No datasets yet"
            description={
              canWrite
                ? "Import a CSV of inputs (and expected outputs), or past runs, to evaluate this workflow on."
                : "A designer imports datasets; evaluations run the workflow over them."
            }
          />
        ) : (
          <div className="overflow-x-auto">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Rows</TableHead>
                  <TableHead>From</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {datasets.map((d) => (
                  <TableRow key={d.id}>
                    <TableCell className="font-medium">{d.name}</TableCell>
                    <TableCell>{d.rowCount}</TableCell>
                    <TableCell>{d.source === "csv" ? "CSV" : d.source === "runs" ? "Past runs" : "JSON rows"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </CardContent>
      {canWrite && (
        <>
          <CsvImportDialog
            workflowId={workflowId}
            inputFields={inputFields}
            open={open === "csv"}
            onOpenChange={(o) => setOpen(o ? "csv" : null)}
          />
          <RunsImportDialog
            workflowId={workflowId}
            versions={versions}
            open={open === "runs"}
            onOpenChange={(o) => setOpen(o ? "runs" : null)}
          />
        </>
      )}
    </Card>
  );
}
