import type { Notifier, StartSlot } from "./ports";

/**
 * In-process wake-ups: a run started or a task decided in this process wakes the local worker at once.
 * The worker also offers it slots for runs started here (`reserveStart`), which it then drives
 * without claiming them.
 */
export class LocalNotifier implements Notifier {
  private readonly subs = new Set<() => void>();
  private readonly takers = new Set<() => StartSlot | null>();

  reserveStart(): StartSlot | null {
    for (const take of this.takers) {
      const slot = take();
      if (slot) return slot;
    }
    return null;
  }

  /** A worker offers its free slots to starts in this process; returns the withdrawal. */
  offerStarts(take: () => StartSlot | null): () => void {
    this.takers.add(take);
    return () => this.takers.delete(take);
  }

  notify(): void {
    for (const fn of this.subs) fn();
  }

  subscribe(fn: () => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
}
