// Notifications about one task, written inside the caller's transaction: new, reassigned (incl.
// escalated to you) and overdue. Under separation of duties the run's initiator is never told to
// decide their own run.
import { writeNotifications } from "@/lib/db/notification-store";
import type { SqlQuery } from "@/lib/db/sql";
import type { NotificationDraft, WrittenNotification } from "./notification-types";
import { resolveRecipients } from "./recipients";

export interface NotifiableTask {
  id: string;
  initiatorId: string | null;
  separationOfDuties: boolean;
}

export async function notifyAssignees(
  q: SqlQuery,
  task: NotifiableTask,
  assignees: readonly { type: "user" | "role"; value: string }[],
  draft: NotificationDraft,
  atMs: number,
  exclude: readonly (string | null)[] = [],
): Promise<WrittenNotification[]> {
  const skip = [...exclude, ...(task.separationOfDuties ? [task.initiatorId] : [])];
  const recipients = await resolveRecipients(q, assignees, skip);
  return writeNotifications(q, draft, recipients, atMs);
}
