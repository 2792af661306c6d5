"use client";
// A dashboard panel: a chart and the same numbers as a table (tabs), so every figure is readable
// without the chart (screen readers, copying numbers).
import type { ReactNode } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { cn } from "@/lib/utils";

export interface Column<T> {
  label: string;
  value: (row: T) => ReactNode;
  numeric?: boolean;
}

export function ChartCard<T>({
  title,
  description,
  chart,
  rows,
  columns,
  empty,
  className,
  summary,
}: {
  title: string;
  description?: string;
  chart: ReactNode;
  rows: T[];
  columns: Column<T>[];
  empty: string;
  className?: string;
  /** One sentence a screen reader hears for the chart. */
  summary: string;
}) {
  const id = title.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  return (
    <Card className={cn("gap-3", className)} data-testid={`panel-${id}`}>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent>
        {rows.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted-foreground">{empty}</p>
        ) : (
          <Tabs defaultValue="chart">
            <TabsList aria-label={`${title}: view`}>
              <TabsTrigger value="chart">Chart</TabsTrigger>
              <TabsTrigger value="table">Table</TabsTrigger>
            </TabsList>
            <TabsContent value="chart" className="pt-2">
              <div role="img" aria-label={summary} className="h-64 w-full">
                {chart}
              </div>
            </TabsContent>
            <TabsContent value="table" className="pt-2">
              <div className="max-h-64 overflow-auto">
                <Table aria-label={title}>
                  <TableHeader>
                    <TableRow>
                      {columns.map((c) => (
                        <TableHead key={c.label} className={c.numeric ? "text-right" : undefined}>
                          {c.label}
                        </TableHead>
                      ))}
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {rows.map((r, i) => (
                      <TableRow key={i}>
                        {columns.map((c) => (
                          <TableCell key={c.label} className={c.numeric ? "text-right tabular-nums" : undefined}>
                            {c.value(r)}
                          </TableCell>
                        ))}
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            </TabsContent>
          </Tabs>
        )}
      </CardContent>
    </Card>
  );
}
