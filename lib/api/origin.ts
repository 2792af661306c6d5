// CSRF defence beside SameSite cookies: a cookie-authenticated change must carry an Origin header
// naming our own host. The host is the Host header; X-Forwarded-Host counts only when
// SWITCHYARD_TRUST_PROXY says a reverse proxy sets it (otherwise any client could name its own).
import { DomainError } from "@/lib/errors/domain-error";
import { env } from "@/lib/env";

export function checkOrigin(req: Request, trustProxy: boolean = env().SWITCHYARD_TRUST_PROXY): void {
  const origin = req.headers.get("origin");
  const forwarded = trustProxy ? req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() : undefined;
  const host = forwarded || req.headers.get("host");
  if (!origin || !host) throw new DomainError("bad_origin", "Missing Origin header on a state-changing request.");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new DomainError("bad_origin", "Malformed Origin header.");
  }
  if (originHost.toLowerCase() !== host.toLowerCase()) throw new DomainError("bad_origin", "Cross-origin request refused.");
}
