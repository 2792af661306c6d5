// Why a step failed and what to do about it, per stable error code (Step.error.code, set by the
// executors and the engine: lib/engine/errors.ts). API codes of the catalogue (lib/errors/catalogue)
// explain themselves; this adds the codes that only step failures carry, and the advice an operator
// needs on the run page. Isomorphic, zod-free.
import { errorCatalogue, isErrorCode } from "./catalogue";

export interface FailureExplanation {
  /** What the code means. */
  explain: string;
  /** What to do next. */
  todo: string;
}

const RETRY = "The node's retry policy retried it; if every attempt failed, retry the run once the cause is fixed.";

const STEP_CODES: Record<string, FailureExplanation> = {
  timeout: { explain: "The call did not answer within the node's timeout.", todo: `Raise the timeout or check the service. ${RETRY}` },
  network: {
    explain: "The connection failed (DNS, refused or reset).",
    todo: `Check that the host is reachable from the server. ${RETRY}`,
  },
  http_5xx: { explain: "The service answered with a server error (5xx).", todo: `The service is failing; check its status. ${RETRY}` },
  http_429: { explain: "The service is rate limiting (429).", todo: "Lower the request rate or raise the retry back-off." },
  http_4xx: {
    explain: "The service rejected the request (4xx): wrong URL, credentials or body.",
    todo: "Fix the request in the node's configuration (retrying sends the same request); the error details show the response.",
  },
  blocked_address: {
    explain: "The URL resolves to an address outbound calls may not reach (private, loopback or not allow-listed).",
    todo: "Use a public address, or ask an administrator to allow the host (SWITCHYARD_HTTP_ALLOWLIST).",
  },
  too_many_redirects: { explain: "The service redirected too many times.", todo: "Call the final URL directly." },
  response_too_large: { explain: "The response was larger than the node accepts.", todo: "Ask for less (paging, filters)." },
  bad_url: { explain: "The URL is not a valid http(s) URL after templating.", todo: "Check the URL template and the values it uses." },
  credential_missing: {
    explain: "The credential the node uses no longer exists.",
    todo: "Pick another credential in the node and publish.",
  },
  no_credentials: {
    explain: "The server has no key to read credentials.",
    todo: "An administrator must configure SWITCHYARD_SECRET_KEY_FILE.",
  },
  credential_unreadable: {
    explain: "The credential could not be decrypted with the server's key.",
    todo: "Re-enter the credential's secret (the key may have changed).",
  },
  output_too_large: { explain: "The step's output is larger than a step may store.", todo: "Return less data from the step." },
  model_timeout: { explain: "The model did not answer in time.", todo: `Check the provider or raise the timeout. ${RETRY}` },
  model_network: { explain: "The model provider could not be reached.", todo: `Check the provider's URL and network. ${RETRY}` },
  model_5xx: { explain: "The model provider answered with a server error.", todo: RETRY },
  model_429: { explain: "The model provider is rate limiting.", todo: "Lower the rate, raise the back-off or the provider's quota." },
  model_malformed: { explain: "The model's answer could not be read.", todo: "Try another model or simplify the output schema." },
  model_error: { explain: "The model provider rejected the call.", todo: "Check the provider, its model id and the API key." },
  agent_input_invalid: { explain: "The agent's input does not match its input schema.", todo: "Fix the mapping into the agent node." },
  memory_subject_missing: { explain: "The agent's memory subject expression gave nothing.", todo: "Fix the memory subject expression." },
  memory_subject_too_long: { explain: "The agent's memory subject is too long.", todo: "Use a shorter subject (an id, not a document)." },
  subworkflow_unset: { explain: "The sub-workflow node has no workflow chosen.", todo: "Choose a workflow in the node and publish." },
  subworkflow_depth: { explain: "Sub-workflows are nested too deeply (a workflow calling itself?).", todo: "Break the cycle of calls." },
  map_not_array: { explain: "The Map's items expression did not give a list.", todo: "Fix the items expression." },
  map_too_many_items: { explain: "The Map got more items than it may run.", todo: "Split the input or raise the node's limit." },
  map_item_failed: {
    explain: "An item of the Map failed and its error was not handled inside the body.",
    todo: "Open the failed item's step below.",
  },
  loop_iteration_failed: { explain: "A pass of the Loop failed.", todo: "Open the failed pass's step below." },
  empty_body: { explain: "The Loop or Map has no body to run.", todo: "Connect nodes to the container's body handle." },
  bad_timestamp: { explain: "The timestamp expression did not give a valid date.", todo: "Return an ISO 8601 date from the expression." },
  event_data_invalid: { explain: "The event's data does not match the node's schema.", todo: "Fix the event's sender or the schema." },
  callback_body_invalid: { explain: "The callback's body does not match the node's schema.", todo: "Fix the caller or the schema." },
  park_key: { explain: "The step asked to wait under an invalid key.", todo: "This is a defect; report it with the run id." },
  interrupted: {
    explain: "The worker stopped mid-call (crash or restart), so the call may or may not have happened.",
    todo: "Check the other system for the effect; the recovery task, if any, decides whether to send it again.",
  },
  non_retriable: { explain: "The step failed in a way retrying cannot fix.", todo: "Read the message, fix the cause, then retry the run." },
  other: { explain: "The step failed.", todo: RETRY },
  error: { explain: "An unexpected error in the step.", todo: "Read the message; if it looks like a defect, report it with the run id." },
};

const EXPRESSION: FailureExplanation = {
  explain: "An expression of the node failed to evaluate (syntax, a missing field or a time limit).",
  todo: "Open the node in the editor; the expression tester shows the value it sees.",
};

/** The explanation of a failure code, or null for an unknown code. */
export function explainFailure(code: string | null | undefined): FailureExplanation | null {
  if (!code) return null;
  const own = STEP_CODES[code];
  if (own) return own;
  if (code.startsWith("expression_")) return EXPRESSION;
  if (/^model_\d{3}$/.test(code)) return STEP_CODES.model_error;
  if (isErrorCode(code)) return { explain: errorCatalogue[code].explain, todo: "Read the message and fix the cause, then retry the run." };
  return null;
}
