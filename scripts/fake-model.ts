/**
 * Fake OpenAI-compatible model server (see scripts/fake-model/server.ts).
 *
 *   npm run fake-model                      # scripted mode: POST /__script to queue replies
 *   npm run fake-model -- --demo            # deterministic demo replies for local demos
 *   npm run fake-model -- --port 4011 --expect-api-key sk-test
 *
 * Env: FAKE_MODEL_PORT (default 4010), FAKE_MODEL_HOST (default 127.0.0.1),
 *      FAKE_MODEL_DEMO=1, FAKE_MODEL_API_KEY (same as --expect-api-key).
 */
import { parseArgs } from "node:util";
import { startFakeModelServer } from "./fake-model/server";

const USAGE = `Usage: npm run fake-model -- [--port <n>] [--host <addr>] [--demo] [--expect-api-key <key>]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string" },
      demo: { type: "boolean" },
      "expect-api-key": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const portText = values.port ?? process.env.FAKE_MODEL_PORT ?? "4010";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${portText}`);
  const demo = values.demo ?? ["1", "true", "yes"].includes((process.env.FAKE_MODEL_DEMO ?? "").toLowerCase());
  const server = await startFakeModelServer({
    port,
    host: values.host ?? process.env.FAKE_MODEL_HOST ?? "127.0.0.1",
    demo,
    expectApiKey: values["expect-api-key"] ?? (process.env.FAKE_MODEL_API_KEY || undefined),
  });
  console.log(`Fake model server listening on ${server.url}`);
  console.log(
    demo
      ? "Mode: demo (deterministic replies; POST /__script still takes precedence)"
      : `Mode: scripted (POST ${server.origin}/__script, POST ${server.origin}/__reset, GET ${server.origin}/__calls)`,
  );
  const shutdown = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((err: unknown) => {
  console.error(`fake-model: ${(err as Error).message}\n${USAGE}`);
  process.exit(1);
});
