// Entry of the WAL checkpoint thread (lib/db/wal-checkpointer.ts): its own connection to the database
// file copies committed WAL frames into the database, so the page copies and fsyncs of a checkpoint
// run beside the event loop of the process that commits, not inside its COMMIT.
//
// PASSIVE copies what it can without waiting for any lock or blocking anyone. Under a steady stream of
// commits it never catches up with the end of the WAL, and SQLite only starts the WAL over after a
// checkpoint that reached its end; so once the WAL is longer than `restartFrames`, a RESTART waits for
// the writer in progress, copies the few frames PASSIVE left (writers wait meanwhile) and lets the next
// writer start the WAL from the beginning. That bounds the WAL at about restartFrames pages.
//
// RESTART holds the write lock while it waits for readers of older frames, so it is tried only when
// PASSIVE reached the end of the WAL (no reader holds an older snapshot; readers that start after that
// read the database file) and waits at most RESTART_WAIT_MS. It used to wait 2 s on every tick: with a
// long read open, writers were shut out for seconds at a time and, under load, saw "database is locked".
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, intervalMs, restartFrames } = workerData;
const db = new Database(file);
const RESTART_WAIT_MS = 100;
db.pragma(`busy_timeout = ${RESTART_WAIT_MS}`);

function checkpoint() {
  try {
    const [r] = db.pragma("wal_checkpoint(PASSIVE)");
    if (r && r.log > restartFrames && r.checkpointed === r.log) db.pragma("wal_checkpoint(RESTART)");
  } catch {
    // SQLITE_BUSY or a locked file: try again on the next tick.
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage("ready");
