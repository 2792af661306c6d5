// One RunEvent tail per process, shared by every SSE connection (never one poller per client).
//
// Wake-ups: the in-process engine notifier (starts, decisions, cancels made through this process),
// PostgreSQL LISTEN on the engine's wake-up channel (the same from other processes), and a tail
// tick. The worker's step commits send no signal (adding NOTIFY to every commit would serialise
// PostgreSQL commits), so the tick is what delivers step transitions: one indexed range read
// (`id > head`, usually empty) every `tickMs` while at least one client is connected, nothing when
// none is.
//
// Ordering. RunEvent.id comes from a sequence, so on PostgreSQL a transaction holding id 10 can
// commit after one holding id 11. The hub remembers such holes as gaps, re-reads them on every tick
// for `gapGraceMs` (delivering late arrivals), and exposes `cursor`: the highest id below which every
// event has been dispatched. SSE clients resume from that cursor, so a late event is never lost; they
// de-duplicate by event id. A hole is given up (a rolled-back id) once every transaction that was
// running when it was seen has ended (PostgreSQL snapshot xmin passed the xmax seen then) and it is
// at least `minGapMs` old, or after `gapGraceMs` in any case. SQLite serialises writers and reuses
// rolled-back ids, so real holes do not occur there.
import type { SqlQuery } from "@/lib/db/sql";
import { eventsAfter, eventsByIds, maxEventId, transactionHorizon } from "@/lib/db/run-event-read";
import type { RunEventMessage } from "./sse-messages";
import { isInboxEvent, type Topic } from "./topics";

export interface HubSource {
  sql: SqlQuery;
  dialect: "sqlite" | "postgresql";
  /** In-process wake-ups (the engine notifier). */
  subscribe?: (fn: () => void) => () => void;
  /** Cross-process wake-ups (PostgreSQL LISTEN); resolves to an unlisten function. */
  listen?: (fn: () => void) => Promise<() => Promise<void>>;
}

export interface HubOptions {
  /** Tail read interval while clients are connected. */
  tickMs?: number;
  /** A hole in the id sequence is re-read at least this long... */
  minGapMs?: number;
  /** ...and at most this long before it is considered a rollback. */
  gapGraceMs?: number;
  /** Rows per read. */
  batch?: number;
  /** Stop the tail this long after the last client left. */
  idleStopMs?: number;
  log?: (msg: string, extra?: unknown) => void;
}

/** Receives the events relevant to its topics; an empty batch means only the cursor moved. */
export type HubListener = (events: RunEventMessage[]) => void;

interface Subscriber {
  runIds: Set<string>;
  all: boolean;
  inbox: boolean;
  listener: HubListener;
}

const MAX_GAPS = 10_000;

export class EventHub {
  private readonly subs = new Set<Subscriber>();
  private head = 0;
  /** id → when it was seen missing, and the PostgreSQL xmax at that moment. */
  private readonly gaps = new Map<number, { since: number; xmax: bigint | null }>();
  private started: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private unsubscribeLocal: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private busy = false;
  private again = false;
  private readonly tickMs: number;
  private readonly gapGraceMs: number;
  private readonly minGapMs: number;
  private readonly batch: number;
  private readonly idleStopMs: number;
  private readonly log: (msg: string, extra?: unknown) => void;
  /** Reads issued (tests and the benchmark check there is one tail, not one per client). */
  reads = 0;

  constructor(
    private readonly source: HubSource,
    opts: HubOptions = {},
  ) {
    this.tickMs = opts.tickMs ?? 25;
    this.gapGraceMs = opts.gapGraceMs ?? 10_000;
    this.minGapMs = opts.minGapMs ?? 250;
    this.batch = opts.batch ?? 500;
    this.idleStopMs = opts.idleStopMs ?? 30_000;
    this.log = opts.log ?? ((msg, extra) => console.warn(`[events] ${msg}`, extra ?? ""));
  }

  /** Every event with id <= cursor has been dispatched (or never will be: a rolled-back id). */
  get cursor(): number {
    let min = this.head;
    for (const id of this.gaps.keys()) if (id - 1 < min) min = id - 1;
    return min;
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  /** Register a listener for the topics; the tail starts with the first listener. */
  subscribe(topics: Topic[], listener: HubListener): () => void {
    const sub: Subscriber = { runIds: new Set(), all: false, inbox: false, listener };
    for (const t of topics) {
      if (t.kind === "run") sub.runIds.add(t.runId);
      else if (t.kind === "runs") sub.all = true;
      else sub.inbox = true;
    }
    this.subs.add(sub);
    if (this.idleTimer) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    return () => {
      if (!this.subs.delete(sub)) return;
      if (this.subs.size === 0) this.scheduleIdleStop();
    };
  }

  /** Resolves once the tail knows the head of the event table. */
  ready(): Promise<void> {
    this.started ??= this.start().catch((e: unknown) => {
      this.started = null;
      throw e;
    });
    return this.started;
  }

  /** Read now (something committed). Coalesces: at most one read in flight plus one queued. */
  wake(): void {
    if (!this.started) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    void this.drain().finally(() => {
      this.busy = false;
    });
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pull();
      } catch (e) {
        this.log("tail read failed", String(e));
      }
    } while (this.again);
  }

  private async start(): Promise<void> {
    this.head = await maxEventId(this.source.sql);
    this.gaps.clear();
    this.unsubscribeLocal = this.source.subscribe?.(() => this.wake()) ?? null;
    if (this.source.listen) {
      try {
        this.unlisten = await this.source.listen(() => this.wake());
      } catch (e) {
        this.log("LISTEN failed; the tail tick still delivers events", String(e));
      }
    }
    this.timer = setInterval(() => this.wake(), this.tickMs);
    this.timer.unref?.();
  }

  private scheduleIdleStop(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.subs.size === 0) void this.stop();
    }, this.idleStopMs);
    this.idleTimer.unref?.();
  }

  /** Stop the tail (the next subscriber starts it again from the current head). */
  async stop(): Promise<void> {
    const started = this.started;
    this.started = null;
    if (!started) return;
    await started.catch(() => undefined);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribeLocal?.();
    this.unsubscribeLocal = null;
    const unlisten = this.unlisten;
    this.unlisten = null;
    await unlisten?.().catch(() => undefined);
    while (this.busy) await new Promise((r) => setTimeout(r, 5));
  }

  private async pull(): Promise<void> {
    const now = Date.now();
    for (;;) {
      this.reads++;
      const rows = await eventsAfter(this.source.sql, this.head, this.batch);
      if (!rows.length) break;
      let expected = this.head + 1;
      const found: number[] = [];
      for (const r of rows) {
        for (let id = expected; id < r.id && this.gaps.size + found.length < MAX_GAPS; id++) found.push(id);
        expected = r.id + 1;
      }
      if (found.length) {
        const xmax = (await this.horizon())?.xmax ?? null;
        for (const id of found) this.gaps.set(id, { since: now, xmax });
      }
      this.head = rows[rows.length - 1].id;
      this.dispatch(rows);
      if (rows.length < this.batch) break;
    }
    if (this.gaps.size) await this.fillGaps(now);
  }

  /** PostgreSQL: oldest running and next unassigned transaction ids. */
  private async horizon(): Promise<{ xmin: bigint; xmax: bigint } | null> {
    return transactionHorizon(this.source.sql, this.source.dialect);
  }

  private async fillGaps(now: number): Promise<void> {
    const ids = [...this.gaps.keys()].slice(0, 500);
    this.reads++;
    const late = await eventsByIds(this.source.sql, ids);
    for (const e of late) this.gaps.delete(e.id);
    if (late.length) this.dispatch(late);
    if (!this.gaps.size) return;
    const h = await this.horizon();
    let dropped = false;
    for (const [id, g] of this.gaps) {
      const age = now - g.since;
      const settled = h === null || g.xmax === null ? true : h.xmin >= g.xmax;
      if (age > this.gapGraceMs || (age >= this.minGapMs && settled)) {
        this.gaps.delete(id);
        dropped = true;
      }
    }
    // The cursor moved without new events: an empty batch lets streams advance their Last-Event-ID.
    if (dropped) for (const sub of this.subs) this.deliver(sub, []);
  }

  private deliver(sub: Subscriber, events: RunEventMessage[]): void {
    try {
      sub.listener(events);
    } catch (e) {
      this.log("listener failed", String(e));
    }
  }

  private dispatch(events: RunEventMessage[]): void {
    for (const sub of this.subs) {
      const mine = sub.all ? events : events.filter((e) => sub.runIds.has(e.runId) || (sub.inbox && isInboxEvent(e.type)));
      if (mine.length) this.deliver(sub, mine);
    }
  }
}

/** Does the event concern one of the topics? (used for backfills, which read from the database) */
export function matchesTopics(e: RunEventMessage, topics: Topic[]): boolean {
  return topics.some((t) => (t.kind === "run" ? t.runId === e.runId : t.kind === "runs" ? true : isInboxEvent(e.type)));
}
