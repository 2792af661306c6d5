import { getAppContext } from "@/lib/server/app-context";
import { pingDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

/** GET /api/health — public liveness + database check (no data). */
export async function GET(): Promise<Response> {
  try {
    await pingDatabase(getAppContext().db.sql);
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
