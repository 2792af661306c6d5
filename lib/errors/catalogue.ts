// The closed catalogue of error codes. Each domain lists its codes in codes/<domain>.ts; this file
// joins them, so a code is known (with its status and explanation) or does not compile. docs/api.md
// is checked against it by tests/foundation/error-catalogue.test.ts.
import { commonCodes } from "./codes/common";
import { engineCodes } from "./codes/engine";
import { inboxCodes } from "./codes/inbox";
import { monitoringCodes } from "./codes/monitoring";
import { agentsCodes } from "./codes/agents";
import { workflowsCodes } from "./codes/workflows";
import { authCodes } from "./codes/auth";
import { triggersCodes } from "./codes/triggers";
import { governanceCodes } from "./codes/governance";
import { integrationsCodes } from "./codes/integrations";
import { evaluationsCodes } from "./codes/evaluations";
import type { CodeEntry } from "./code-table";

export const errorCatalogue = {
  ...commonCodes,
  ...engineCodes,
  ...inboxCodes,
  ...monitoringCodes,
  ...agentsCodes,
  ...workflowsCodes,
  ...authCodes,
  ...triggersCodes,
  ...governanceCodes,
  ...integrationsCodes,
  ...evaluationsCodes,
} as const satisfies Record<string, CodeEntry>;

export type ErrorCode = keyof typeof errorCatalogue;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}
