import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/**
 * SQLite's automatic checkpoint runs inside the COMMIT that crosses the WAL threshold, on the thread
 * that committed: every thousand pages one commit copies them into the database file and fsyncs it
 * twice, which stalled the event loop for milliseconds (a third of a webhook start's time went to
 * COMMIT). This moves checkpoints to a worker thread with its own connection. The committing
 * connection turns its automatic checkpoint off only once the thread is running, and back on if the
 * thread stops, so the WAL never grows without bound. Durability is unchanged: a commit is in the WAL
 * (synchronous NORMAL) before it returns, checkpointed or not.
 */
const ENTRY_SEGMENTS = ["lib", "db", "wal-checkpoint-thread.mjs"];
const DEFAULT_AUTOCHECKPOINT = 1000;

export class WalCheckpointer {
  private worker: Worker | null;
  private stopped = false;

  constructor(
    private readonly conn: Database.Database,
    file: string,
    intervalMs = 100,
  ) {
    // Loaded from disk at run time (never bundled), like the expression threads' entry.
    const entry = path.join(/* turbopackIgnore: true */ process.cwd(), ...ENTRY_SEGMENTS);
    this.worker = new Worker(/* turbopackIgnore: true */ entry, {
      workerData: { file: path.resolve(file), intervalMs, restartFrames: 4000 },
    });
    this.worker.unref();
    this.worker.on("message", (m: unknown) => {
      if (m === "ready" && !this.stopped && this.conn.open) this.conn.pragma("wal_autocheckpoint = 0");
    });
    const fallBack = () => {
      this.worker = null;
      if (this.conn.open) this.conn.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    };
    this.worker.on("error", fallBack);
    this.worker.on("exit", fallBack);
  }

  /** Stops the thread after a last checkpoint; the connection checkpoints by itself again. */
  async close(): Promise<void> {
    this.stopped = true;
    const w = this.worker;
    if (!w) return;
    // Referenced while it stops: a caller awaiting close() must not see the process exit under it
    // because nothing else keeps the event loop alive.
    w.ref();
    const exited = new Promise<void>((resolve) => w.once("exit", () => resolve()));
    w.postMessage("stop");
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
    await w.terminate().catch(() => undefined);
  }
}
