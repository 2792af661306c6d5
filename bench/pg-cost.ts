// What a PostgreSQL scenario cost the database in CPU, which does not depend on the machine's load as
// wall-clock time does: the CPU time (utime + stime, /proc/<pid>/stat) of every backend connected to
// this database. Start before the timed part, call the returned function after it.
import { readFileSync } from "node:fs";
import type { SqlDb } from "@/lib/db/sql";

const TICK_MS = 10; // USER_HZ = 100 on Linux

function cpuMsOf(pid: number): number {
  try {
    // the command name may hold spaces: the fields start after its closing parenthesis
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0; // the backend ended
  }
}

async function sample(db: SqlDb): Promise<Map<number, number>> {
  const pids = await db.all<{ pid: number }>(`SELECT "pid" FROM pg_stat_activity WHERE "datname" = current_database()`);
  return new Map(pids.map((p) => [Number(p.pid), cpuMsOf(Number(p.pid))]));
}

/** The CPU ms this database's backends used since the call (backends opened meanwhile from 0); null on SQLite. */
export async function pgBackendCpu(db: SqlDb): Promise<null | (() => Promise<number>)> {
  if (db.dialect !== "postgresql") return null;
  const before = await sample(db);
  return async () => {
    let ms = 0;
    for (const [pid, v] of await sample(db)) ms += v - (before.get(pid) ?? 0);
    return ms;
  };
}
