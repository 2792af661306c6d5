// Who is calling, for "last used by": the user agent, and the address as configured — the socket
// address scripts/serve.mjs puts in x-switchyard-peer, or, only when SWITCHYARD_TRUST_PROXY says a
// reverse proxy sets them, the first X-Forwarded-For entry (else X-Real-IP).
import "server-only";
import { PEER_HEADER } from "./auth";

export interface ClientInfo {
  ip: string | null;
  agent: string | null;
}

const clip = (v: string | null | undefined, max: number) => {
  const t = v?.trim();
  return t ? t.slice(0, max) : null;
};

export function clientOf(headers: Headers, trustProxy: boolean): ClientInfo {
  const forwarded = trustProxy ? (headers.get("x-forwarded-for")?.split(",")[0] ?? headers.get("x-real-ip")) : null;
  const ip = clip(forwarded, 64) ?? clip(headers.get(PEER_HEADER), 64);
  return { ip, agent: clip(headers.get("user-agent"), 300) };
}
