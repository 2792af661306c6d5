// Transitional: the runs list query is lib/db/run-list-read.ts and the timestamp parameter is
// lib/db/row-codec.ts sqlTimestamp. lib/workflows/workflow-list.ts and tests/ai/workflow-usage.test.ts
// (owned elsewhere) still import createdAtParam from here; delete this file once they import sqlTimestamp.
export { sqlTimestamp as createdAtParam } from "@/lib/db/row-codec";
