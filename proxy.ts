// Passes the requested page path to server components (as the `x-request-path` header) so the page
// guard can send a signed-out visitor to sign-in with a way back to the deep link they followed.
import { NextResponse, type NextRequest } from "next/server";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-request-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon.ico|sign-in|setup).*)"],
};
