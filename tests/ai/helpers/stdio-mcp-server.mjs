// A minimal MCP server on stdio, built with the SDK, for tests of the stdio transport: one tool,
// `echo` {text} → {echo: text, pid}. Started only through SWITCHYARD_MCP_STDIO_COMMANDS.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = new Server({ name: "stdio-echo", version: "1.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: [
    {
      name: "echo",
      description: "Echo the text back.",
      inputSchema: { type: "object", properties: { text: { type: "string" } }, required: ["text"] },
    },
  ],
}));
server.setRequestHandler(CallToolRequestSchema, (req) => ({
  content: [{ type: "text", text: JSON.stringify({ echo: req.params.arguments?.text ?? null, pid: process.pid }) }],
}));
await server.connect(new StdioServerTransport());
