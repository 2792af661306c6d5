// The agent kind's config schema (zod) with its form metadata: used by validation, the engine and the
// inspector. What the canvas and palette need (./agent) is zod-free.
import { z } from "zod";
import { field } from "../field-meta";
import { jsonSchemaSchema, objectJsonSchema } from "../json-schema";
import { MAX_EXPRESSION_LENGTH } from "../expression-limits";
import { requiredTemplateField, templateField } from "./config-fields";
import { HTTP_METHODS } from "./http";
import { SUBWORKFLOW_VERSION } from "./subworkflow.config";
import { AGENT_TOOL_TYPES, MAX_TOOL_ROUNDS } from "./agent";

const toolSchema = z
  .strictObject({
    name: field(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "Use 1-64 letters, digits, _ or -"), {
      label: "Tool name",
      widget: "text",
      help: "How the model calls it, e.g. lookup_customer.",
    }),
    description: field(z.string().max(2000).default(""), {
      label: "Description",
      widget: "textarea",
      help: "Tells the model when and why to use the tool.",
    }),
    type: field(z.enum(AGENT_TOOL_TYPES).default("http"), {
      label: "Type",
      widget: "select",
      help: "http: calls a URL. workflow: runs a published workflow as a child run with the arguments as its input; its output is the result. remember / recall: write and read facts in this workflow's memory for the subject. mcp: a tool (or all tools) of an MCP server from Settings.",
    }),
    requiresApproval: field(z.boolean().default(false), {
      label: "Requires approval",
      widget: "switch",
      help: "A reviewer approves, edits or rejects each proposed call before it runs.",
    }),
    method: field(z.enum(HTTP_METHODS).default("GET"), { label: "Method", widget: "select", showFor: { field: "type", values: ["http"] } }),
    url: field(z.string().max(MAX_EXPRESSION_LENGTH).default(""), {
      label: "URL",
      widget: "template",
      placeholder: "https://api.example.com/customers/{{ $.args.id }}",
      help: "HTTP tools: {{ }} placeholders see the run ($.input, $.steps) and the call's arguments ($.args). POST/PUT/PATCH send the arguments as the JSON body.",
      showFor: { field: "type", values: ["http"] },
    }),
    workflowId: field(z.string().max(128).optional(), {
      label: "Workflow",
      widget: "workflow",
      help: "Workflow tools: the published workflow to run as a child run.",
      showFor: { field: "type", values: ["workflow"] },
    }),
    version: field(SUBWORKFLOW_VERSION.optional(), {
      label: "Version",
      widget: "text",
      help: 'Workflow tools. Empty: pinned to the latest published version when this workflow is published. A number pins that version. "latest": whatever is published when the call is made.',
      showFor: { field: "type", values: ["workflow"] },
    }),
    argsSchema: field(objectJsonSchema.optional(), {
      label: "Arguments",
      widget: "jsonSchema",
      help: "JSON Schema of the arguments object the model must produce (HTTP tools: the body or URL values; workflow tools: the child run's input, so match the called workflow's start schema).",
      showFor: { field: "type", values: ["http", "workflow", "mcp"] },
    }),
    serverId: field(z.string().max(200).optional(), {
      label: "MCP server",
      widget: "mcpServer",
      help: "MCP tools: the server (Settings → MCP servers) whose tool the agent calls.",
      showFor: { field: "type", values: ["mcp"] },
    }),
    mcpTool: field(z.string().max(200).optional(), {
      label: "MCP tool",
      widget: "text",
      help: "MCP tools: the server's tool name. Empty: every tool of the server, each offered to the model as <name>_<tool>.",
      showFor: { field: "type", values: ["mcp"] },
    }),
    idempotent: field(z.boolean().optional(), {
      label: "Idempotent",
      widget: "switch",
      help: "MCP tools: safe to send again. A call interrupted by a crash is then sent again automatically; otherwise an admin decides first.",
      showFor: { field: "type", values: ["mcp"] },
    }),
    credentialId: field(z.string().min(1).nullable().optional(), {
      label: "Credential",
      widget: "credential",
      help: "Applied to the request; never visible to the model or expressions.",
      showFor: { field: "type", values: ["http"] },
    }),
  })
  .refine((t) => t.type !== "http" || /\S/.test(t.url), { message: "HTTP tools need a URL", path: ["url"] })
  .refine((t) => t.type !== "workflow" || !!t.workflowId?.trim(), {
    message: "Workflow tools need a workflow to call",
    path: ["workflowId"],
  })
  .refine((t) => t.type !== "mcp" || !!t.serverId?.trim(), { message: "MCP tools need a server", path: ["serverId"] });

const memorySchema = z
  .strictObject({
    enabled: field(z.boolean().default(false), { label: "Use memory", widget: "switch" }),
    subjectExpression: field(z.string().max(MAX_EXPRESSION_LENGTH).default(""), {
      label: "Subject",
      widget: "expression",
      placeholder: "$.input.customerId",
      help: "Whose memory this is (a customer id, an application number). Runs with the same subject share it.",
    }),
    loadTurns: field(z.number().int().min(0).max(50).default(5), {
      label: "Turns to load",
      widget: "number",
      help: "Recent exchanges loaded into the context (stored facts are always loaded).",
    }),
    saveTurns: field(z.boolean().default(true), {
      label: "Save this exchange",
      widget: "switch",
      help: "Store the user message and the answer after the agent answers.",
    }),
  })
  .refine((m) => !m.enabled || /\S/.test(m.subjectExpression), {
    message: "Memory needs a subject expression",
    path: ["subjectExpression"],
  });

/** Fallback models after the primary one (each a provider/model pair). */
export const MAX_MODEL_FALLBACKS = 3;

const fallbackSchema = z.strictObject({
  providerId: field(z.string().min(1).nullable().default(null), {
    label: "Provider",
    widget: "provider",
    help: "A model provider from Settings; empty uses the default provider.",
  }),
  model: field(z.string().max(200).default(""), { label: "Model", widget: "model", help: "Empty uses that provider's default model." }),
});

export const agentConfigSchema = z
  .strictObject({
    providerId: field(z.string().min(1).nullable().default(null), {
      label: "Provider",
      widget: "provider",
      help: "A model provider from Settings; empty uses the default provider.",
    }),
    model: field(z.string().max(200).default(""), {
      label: "Model",
      widget: "model",
      help: "Empty uses the provider's default model.",
    }),
    fallbacks: field(z.array(fallbackSchema).max(MAX_MODEL_FALLBACKS).default([]), {
      label: "Fallback models",
      widget: "list",
      help: "Tried in order when a model call fails with a rate limit (429), a server error, a timeout or a network error. Each attempt is recorded with its cost; when all fail, the node's retry policy applies (honouring Retry-After).",
    }),
    system: templateField({
      label: "Instructions",
      help: "System message; {{ }} placeholders see the run's data.",
    }),
    user: requiredTemplateField({
      label: "User message",
      placeholder: "Review this claim: {{ $.input }}",
      help: "The task for this run, built from the run's data.",
    }),
    tools: field(z.array(toolSchema).max(32).default([]), {
      label: "Tools",
      widget: "list",
      help: "What the agent may call. Names must be unique.",
    }),
    responseSchema: field(jsonSchemaSchema.nullable().default(null), {
      label: "Answer schema",
      widget: "jsonSchema",
      help: "Optional JSON Schema of the answer (structured output, validated with a bounded repair retry). Empty: a text answer.",
    }),
    temperature: field(z.number().min(0).max(2).nullable().default(null), {
      label: "Temperature",
      widget: "number",
      help: "Empty uses the provider's default.",
    }),
    maxOutputTokens: field(z.number().int().min(1).max(200_000).default(1024), { label: "Max output tokens", widget: "number" }),
    maxToolRounds: field(z.number().int().min(0).max(MAX_TOOL_ROUNDS).default(5), {
      label: "Max tool rounds",
      widget: "number",
      help: "Model turns that call tools; asking for more escalates.",
    }),
    timeoutMs: field(z.number().int().min(1000).max(600_000).default(120_000), {
      label: "Model call timeout",
      widget: "duration",
      help: "Per model call; a timeout is retried per the node's retry policy.",
    }),
    confidenceThreshold: field(z.number().min(0).max(1).default(0.5), {
      label: "Confidence threshold",
      widget: "number",
      help: "Answers with a lower confidence (0-1) go down the escalate output instead of ok. 0 never escalates on confidence.",
    }),
    repairAttempts: field(z.number().int().min(0).max(3).default(1), {
      label: "Repair attempts",
      widget: "number",
      help: "How many times an answer that does not match the schema is sent back for correction.",
    }),
    memory: field(memorySchema.default({ enabled: false, subjectExpression: "", loadTurns: 5, saveTurns: true }), {
      label: "Memory",
      widget: "group",
      help: "Remember exchanges and facts per subject across runs of this workflow.",
    }),
  })
  .refine((c) => new Set(c.tools.map((t) => t.name)).size === c.tools.length, { message: "Tool names must be unique", path: ["tools"] });

export type AgentConfig = z.output<typeof agentConfigSchema>;
