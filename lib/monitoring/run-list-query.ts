// Transitional: the runs list query is lib/db/run-list-read.ts and the timestamp parameter is
// lib/db/row-codec.ts sqlTimestamp. tests/ai/workflow-usage.test.ts (owned elsewhere) still imports
// createdAtParam from here; delete this file once it imports sqlTimestamp.
export { sqlTimestamp as createdAtParam } from "@/lib/db/row-codec";
