// CPU time of one thread, for expression budgets that must not count time in which the process was
// paused, swapping or busy on other threads. Linux exposes every thread's user+system ticks in
// /proc/<pid>/task/<tid>/stat (and the calling thread's in /proc/thread-self/stat); elsewhere the
// process-wide figure is used, capped by wall-clock time (both are upper bounds of the thread's own).
import { readFileSync, readlinkSync } from "node:fs";

/** USER_HZ: the kernel reports clock ticks of 1/100 s on every mainstream Linux build. */
const MS_PER_TICK = 10;

function ticksMs(statPath: string): number | null {
  try {
    const stat = readFileSync(statPath, "latin1");
    // The command name (field 2) is in parentheses and may contain spaces: count fields after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * MS_PER_TICK : null;
  } catch {
    return null;
  }
}

function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** The calling thread's id on Linux (for `threadCpuMs` read from another thread), else null. */
export function currentThreadId(): number | null {
  try {
    const m = /task\/(\d+)$/.exec(readlinkSync("/proc/thread-self"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU ms used so far by thread `tid` of this process (null tid or no /proc: the whole process). */
export function threadCpuMs(tid: number | null): number {
  if (tid !== null) {
    const ms = ticksMs(`/proc/${process.pid}/task/${tid}/stat`);
    if (ms !== null) return ms;
  }
  return processCpuMs();
}

/** A clock of the calling thread's CPU ms. */
export function ownThreadCpuClock(): () => number {
  const self = ticksMs("/proc/thread-self/stat") !== null;
  return self ? () => ticksMs("/proc/thread-self/stat") ?? processCpuMs() : processCpuMs;
}
