// Opaque keyset cursors for the task list: [sort, part, key, id] in base64url JSON, where `part` is
// 0 for dated tasks (key = dueAtMs) and 1 for undated ones (key = createdAtMs) in due order, and
// always 0 in age order. A cursor from another sort order, or a made-up one, is a 400.
import { DomainError } from "@/lib/errors/domain-error";
import type { TaskSort } from "./task-list-params";

export interface TaskCursor {
  undated: boolean;
  key: number;
  id: string;
}

export function encodeTaskCursor(sort: TaskSort, c: TaskCursor): string {
  return Buffer.from(JSON.stringify([sort, c.undated ? 1 : 0, c.key, c.id])).toString("base64url");
}

export function decodeTaskCursor(sort: TaskSort, cursor: string): TaskCursor {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 4 &&
      v[0] === sort &&
      (v[1] === 0 || v[1] === 1) &&
      typeof v[2] === "number" &&
      Number.isFinite(v[2]) &&
      typeof v[3] === "string"
    ) {
      return { undated: v[1] === 1, key: v[2], id: v[3] };
    }
  } catch {
    // fall through
  }
  throw new DomainError("invalid_cursor", "Invalid cursor: use the nextCursor of a previous page with the same sort order.");
}
