import { toNextJsHandler } from "better-auth/next-js";
import { getAppContext } from "@/lib/server/app-context";

// better-auth's own endpoints (sign-in, sign-out, session). Sign-up is disabled in lib/auth/auth.ts.
const handler = (req: Request) => toNextJsHandler(getAppContext().auth).POST(req);
const getHandler = (req: Request) => toNextJsHandler(getAppContext().auth).GET(req);
export { handler as POST, getHandler as GET };
