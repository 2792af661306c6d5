import { getAppContext } from "@/lib/server/app-context";

export const dynamic = "force-dynamic";

/** GET /api/health — public liveness + database check (no data). */
export async function GET(): Promise<Response> {
  try {
    await getAppContext().db.sql.all("SELECT 1 AS ok");
    return Response.json({ ok: true });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}
