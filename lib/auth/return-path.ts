// Where to go after signing in: back to the page that sent you (only a same-origin relative path, so
// a crafted `?next=` cannot send anyone to another site), else your role's home. Isomorphic.
import type { Role } from "./permissions";

const ORIGIN = "http://switchyard.invalid";

/** `next` as a same-origin path (with its query and hash), or null when it is absent, absolute or odd. */
export function safeReturnPath(next: string | null | undefined): string | null {
  if (!next || next.length > 2000 || !next.startsWith("/") || next.startsWith("//") || /[\\\u0000-\u001f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== ORIGIN) return null;
  if (url.pathname === "/sign-in" || url.pathname === "/setup" || url.pathname.startsWith("/api/")) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Each role's home: reviewers work in the inbox, everyone else starts from the workflows. */
export function roleHome(role: Role): string {
  return role === "reviewer" ? "/inbox" : "/workflows";
}

/** The sign-in URL that returns to `path` afterwards. */
export function signInUrl(path: string | null): string {
  const safe = safeReturnPath(path);
  return safe && safe !== "/" ? `/sign-in?next=${encodeURIComponent(safe)}` : "/sign-in";
}
