// Transitional: the run view and step inspector read models are lib/db/run-view-read.ts.
// tests/ai/workflow-tools.test.ts and tests/ai/tool-approval.test.ts (owned elsewhere) still import
// loadStepDetail from here; delete this file once they import it from lib/db.
export { loadStepDetail } from "@/lib/db/run-view-read";
