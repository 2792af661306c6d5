// E2E in Chromium against a production build on a fresh temporary database.
// Browser: CHROMIUM_PATH, else /usr/bin/chromium, else a browser Playwright downloaded itself.
import { defineConfig } from "@playwright/test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { resolveChromium } from "./e2e/support/chromium";

const port = Number(process.env.E2E_PORT ?? 3100);
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "switchyard-e2e-"));
process.env.E2E_DATA_DIR = dataDir;
const executablePath = resolveChromium();

export default defineConfig({
  testDir: "e2e",
  // Parallel checkouts/agents: set E2E_PORT, E2E_OUTPUT_DIR and NEXT_DIST_DIR to keep runs apart.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "tmp/playwright.json" }]],
  globalSetup: "./e2e/support/global-setup.ts",
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/, use: { browserName: "chromium", viewport: { width: 1280, height: 800 } } },
    {
      name: "chromium",
      dependencies: ["setup"],
      use: { browserName: "chromium", viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: {
    command: `node scripts/start.mjs`,
    url: `http://localhost:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: {
      PORT: String(port),
      ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
      DATABASE_URL: `file:${path.join(dataDir, "e2e.db")}`,
      SWITCHYARD_SIGNIN_RATE_LIMIT: "1000",
      SWITCHYARD_SECRET_KEY_FILE: path.join(dataDir, "secret.key"),
      SWITCHYARD_HTTP_ALLOWLIST: "127.0.0.1,localhost",
    },
  },
});
