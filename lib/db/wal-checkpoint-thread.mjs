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
// PASSIVE reached the end of the WAL: no reader holds an older snapshot then, and readers that start
// after it read the database file. It used to be tried on every tick while a long read was open, and
// each try shut writers out for its whole busy timeout (2 s): under load they lost every turn and saw
// "database is locked". The busy timeout stays 2 s, for the wait for the writer in progress: 100 ms was
// too short to get a turn between the commits of a steady stream, and the WAL outgrew its bound.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { file, intervalMs, restartFrames } = workerData;
const db = new Database(file);
db.pragma("busy_timeout = 2000");

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
