// The audit export as a byte stream: pulls one batch of rows (keyset on id) each time the client has
// read the previous one, so memory stays flat whatever the size of the log and a slow client slows
// the reads instead of buffering them.
import "server-only";
import type { SqlQuery } from "@/lib/db/sql";
import { auditBatches, type AuditFilter } from "@/lib/db/audit-read";
import { csvHeader, csvLine, jsonLine } from "./export-format";

export function auditExportStream(
  db: SqlQuery,
  filter: AuditFilter,
  format: "jsonl" | "csv",
  batchSize = 1000,
): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const batches = auditBatches(db, filter, batchSize);
  let headerSent = format !== "csv";
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(enc.encode(csvHeader()));
        return;
      }
      const next = await batches.next();
      if (next.done) {
        controller.close();
        return;
      }
      const text = next.value.map(format === "csv" ? csvLine : jsonLine).join("");
      controller.enqueue(enc.encode(text));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
}
