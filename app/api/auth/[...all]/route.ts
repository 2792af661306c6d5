import { toNextJsHandler } from "better-auth/next-js";
import { getAppContext } from "@/lib/server/app-context";
import { toErrorResponse } from "@/lib/api/errors";
import { guardAuthRequest } from "@/lib/api/auth-body";

// better-auth's own endpoints (sign-in, sign-out, session). Sign-up is disabled in lib/auth/auth.ts.
// better-auth reads bodies whole, so the body is read here first with a streaming limit and the
// safe JSON checks, and better-auth gets a copy of the bytes that passed.
async function handler(req: Request): Promise<Response> {
  try {
    return await toNextJsHandler(getAppContext().auth).POST(await guardAuthRequest(req));
  } catch (e) {
    return toErrorResponse(e);
  }
}
const getHandler = (req: Request) => toNextJsHandler(getAppContext().auth).GET(req);
export { handler as POST, getHandler as GET };
