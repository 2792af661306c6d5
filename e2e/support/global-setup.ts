import { chromium } from "@playwright/test";
import { resolveChromium } from "./chromium";

// Fail early with instructions when no browser is available.
export default async function globalSetup() {
  const executablePath = resolveChromium();
  try {
    const b = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
    await b.close();
  } catch (e) {
    throw new Error(
      "No Chromium found for the E2E tests. Install Debian's chromium (apt-get install -y chromium) " +
        "or set CHROMIUM_PATH to a Chromium binary.\n" +
        String(e),
    );
  }
}
