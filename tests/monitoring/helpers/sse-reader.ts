// Reads an SSE byte stream (a ReadableStream or a fetch body) into parsed frames, for tests and the benchmark.
export interface SseFrame {
  id?: string;
  event: string;
  data: unknown;
}

export class SseReader {
  readonly frames: SseFrame[] = [];
  /** Last id seen on any block, data-less ones included (what EventSource keeps as Last-Event-ID). */
  private lastSeenId: string | undefined;
  private buf = "";
  private waiters: (() => void)[] = [];
  private done = false;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly dec = new TextDecoder();
  readonly closed: Promise<void>;
  /** Called for every frame as it arrives (benchmarks take the receive time here). */
  onFrame?: (f: SseFrame) => void;

  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
    this.closed = this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const { value, done } = await this.reader.read();
        if (done) break;
        this.buf += this.dec.decode(value, { stream: true });
        let i: number;
        while ((i = this.buf.indexOf("\n\n")) >= 0) {
          const block = this.buf.slice(0, i);
          this.buf = this.buf.slice(i + 2);
          const f = parseBlock(block);
          const id = /^id: ?(.*)$/m.exec(block)?.[1];
          if (id !== undefined) this.lastSeenId = id;
          if (f) {
            this.frames.push(f);
            this.onFrame?.(f);
          }
        }
        this.notify();
      }
    } catch {
      // cancelled
    } finally {
      this.done = true;
      this.notify();
    }
  }

  private notify(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const fn of w) fn();
  }

  /** Wait until `pred` holds for the frames received so far. */
  async waitFor(pred: (frames: SseFrame[]) => boolean, timeoutMs = 30_000): Promise<SseFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.frames)) {
      if (this.done) throw new Error(`stream ended; frames: ${JSON.stringify(this.frames.map((f) => f.event))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.map((f) => [f.event, f.id]))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames;
  }

  byEvent(name: string): SseFrame[] {
    return this.frames.filter((f) => f.event === name);
  }

  /** The last `id:` seen (what EventSource would send as Last-Event-ID). */
  lastId(): number | null {
    return this.lastSeenId === undefined ? null : Number(this.lastSeenId);
  }

  async cancel(): Promise<void> {
    await this.reader.cancel().catch(() => undefined);
    await this.closed;
  }
}

function parseBlock(block: string): SseFrame | null {
  let id: string | undefined;
  let event = "message";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":") || line === "") continue;
    const [field, ...rest] = line.split(":");
    const value = rest.join(":").replace(/^ /, "");
    if (field === "id") id = value;
    else if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  if (!data.length) return null;
  const text = data.join("\n");
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep text
  }
  return { id, event, data: parsed };
}
