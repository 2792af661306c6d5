// The in-process worker. Filled in by the engine (lib/engine/worker.ts).
import type { AppContext } from "./app-context";

export async function startEmbeddedWorker(app: AppContext): Promise<void> {
  void app;
}
