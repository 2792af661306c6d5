import type { Notifier } from "./ports";

/** In-process wake-ups: a run started or a task decided in this process wakes the local worker at once. */
export class LocalNotifier implements Notifier {
  private readonly subs = new Set<() => void>();

  notify(): void {
    for (const fn of this.subs) fn();
  }

  subscribe(fn: () => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }
}
