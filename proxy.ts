// Passes the requested page path to server components (as the `x-request-path` header) so the page
// guard can send a signed-out visitor to sign-in with a way back to the deep link they followed.
import { NextResponse, type NextRequest } from "next/server";

/** A NUL in a page's path or query cannot name anything of ours, and PostgreSQL refuses it in a
 * text parameter: answer 400 here rather than a server error from the page's query. */
function hasNul(request: NextRequest): boolean {
  if (request.nextUrl.search.includes("\u0000")) return true;
  for (const value of request.nextUrl.searchParams.values()) if (value.includes("\u0000")) return true;
  try {
    return decodeURIComponent(request.nextUrl.pathname).includes("\u0000");
  } catch {
    return false;
  }
}

export function proxy(request: NextRequest) {
  if (hasNul(request)) return new NextResponse("Bad request: the address contains a NUL character.", { status: 400 });
  const headers = new Headers(request.headers);
  headers.set("x-request-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|sign-in|setup).*)"],
};
