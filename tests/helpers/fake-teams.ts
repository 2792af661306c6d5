// A local stand-in for a Microsoft Teams workflow webhook: accepts only a message carrying an
// Adaptive Card (as the "post to a channel when a webhook request is received" flow expects) and
// records the cards it got.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeTeams {
  url: string;
  cards: Record<string, unknown>[];
  refused: number;
  close(): Promise<void>;
}

export async function startFakeTeams(): Promise<FakeTeams> {
  const cards: Record<string, unknown>[] = [];
  const state = { refused: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      type Posted = { type?: unknown; attachments?: { contentType?: unknown; content?: Record<string, unknown> }[] } | null;
      const parse = (text: string): Posted => {
        try {
          return JSON.parse(text) as Posted;
        } catch {
          return null;
        }
      };
      const body = parse(Buffer.concat(chunks).toString());
      const card = body?.attachments?.[0];
      if (
        body?.type !== "message" ||
        card?.contentType !== "application/vnd.microsoft.card.adaptive" ||
        card.content?.type !== "AdaptiveCard"
      ) {
        state.refused++;
        res.writeHead(400).end("not an adaptive card message");
        return;
      }
      cards.push(card.content);
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/workflows/approvals/triggers/manual/paths/invoke?sig=fake`,
    cards,
    get refused() {
      return state.refused;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
