// Debounced autosave of the draft with optimistic concurrency. Each save sends the revision it was
// based on; a 409 (another tab or person saved first) stops saving and asks the user to keep their
// version (overwrite) or load the other one.
import { ApiClientError } from "@/lib/queries/api-fetch";
import { saveDraft } from "@/lib/queries/workflows";
import type { DraftState } from "@/lib/workflows/types";
import type { EditorStore } from "./editor-store";

export type SaveState = "saved" | "dirty" | "saving" | "error" | "conflict";

export interface SaveStatus {
  state: SaveState;
  revision: number;
  error?: string;
  /** The draft that won, when state is "conflict". */
  conflict?: DraftState;
}

const RETRY_MS = 3000;

export class Autosave {
  private status: SaveStatus;
  private listeners = new Set<() => void>();
  private savedVersion: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: EditorStore,
    private readonly workflowId: string,
    revision: number,
    private readonly delayMs = 800,
  ) {
    this.status = { state: "saved", revision };
    this.savedVersion = store.getState().version;
  }

  getStatus = () => this.status;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setStatus(patch: Partial<SaveStatus>) {
    this.status = { ...this.status, ...patch };
    for (const l of this.listeners) l();
  }

  start() {
    this.unsubscribe = this.store.subscribe(() => {
      if (this.store.getState().version === this.savedVersion) return;
      if (this.status.state === "conflict") return;
      if (this.status.state !== "saving") this.setStatus({ state: "dirty", error: undefined });
      this.schedule(this.delayMs);
    });
  }

  /** Stop listening. Unsaved edits are still sent (leaving the editor within the debounce window loses nothing). */
  dispose({ flush = true }: { flush?: boolean } = {}) {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (flush && this.status.state !== "conflict" && this.store.getState().version !== this.savedVersion) void this.save();
  }

  isDirty() {
    return this.store.getState().version !== this.savedVersion || this.status.state === "saving";
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, ms);
  }

  private save(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.status.state === "conflict") return Promise.resolve();
    const version = this.store.getState().version;
    if (version === this.savedVersion) {
      if (this.status.state !== "saved") this.setStatus({ state: "saved", error: undefined });
      return Promise.resolve();
    }
    const graph = this.store.toGraph();
    this.setStatus({ state: "saving" });
    this.inflight = saveDraft(this.workflowId, graph, this.status.revision)
      .then((res) => {
        this.savedVersion = version;
        const more = this.store.getState().version !== version;
        this.setStatus({ state: more ? "dirty" : "saved", revision: res.revision, error: undefined });
        if (more) this.schedule(this.delayMs);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiClientError && e.status === 409) {
          const draft = (e.details as { draft?: DraftState } | undefined)?.draft;
          this.setStatus({ state: "conflict", conflict: draft, error: e.message });
          return;
        }
        this.setStatus({ state: "error", error: e instanceof Error ? e.message : "Could not save." });
        this.schedule(RETRY_MS);
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  /** Save now (before publishing, exporting or running). Resolves true when the server has the current graph. */
  async flush(): Promise<boolean> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.inflight) await this.inflight;
    await this.save();
    return this.status.state === "saved";
  }

  /** Conflict resolution: overwrite the other version with ours. */
  async keepMine(): Promise<boolean> {
    const theirs = this.status.conflict;
    if (!theirs) return false;
    this.setStatus({ state: "dirty", revision: theirs.revision, conflict: undefined, error: undefined });
    this.savedVersion = -1;
    return this.flush();
  }

  /** Conflict resolution: take the other version (undoable in the editor). */
  loadTheirs() {
    const theirs = this.status.conflict;
    if (!theirs) return;
    this.adopt(theirs);
  }

  /** Make `draft` (from the server) the editor's graph without saving it back (restore, load theirs). */
  adopt(draft: DraftState) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.status = { state: "saved", revision: draft.revision };
    this.store.replaceGraph(draft.graph);
    this.savedVersion = this.store.getState().version;
    for (const l of this.listeners) l();
  }
}
