// Opaque keyset cursors for the task list: [sort, key, id] in base64url JSON. A cursor from another
// sort order, or a made-up one, is a 400 with a clear message.
import { ApiError } from "@/lib/api/errors";
import type { TaskSort } from "./task-list-params";

export function encodeTaskCursor(sort: TaskSort, key: number, id: string): string {
  return Buffer.from(JSON.stringify([sort, key, id])).toString("base64url");
}

export function decodeTaskCursor(sort: TaskSort, cursor: string): { key: number; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(v) && v.length === 3 && v[0] === sort && typeof v[1] === "number" && Number.isFinite(v[1]) && typeof v[2] === "string") {
      return { key: v[1], id: v[2] };
    }
  } catch {
    // fall through
  }
  throw new ApiError(400, "invalid_cursor", "Invalid cursor: use the nextCursor of a previous page with the same sort order.");
}
