// The shapes of in-app notifications as the inbox writes them and the mailer sends them.
import type { NotificationView } from "@/lib/inbox/task-types";

export type NotificationType = NotificationView["type"];

/** Who is told: an enabled user whose role may decide tasks. */
export interface Recipient {
  id: string;
  email: string;
  name: string;
}

export interface NotificationDraft {
  /** Stable key of the event, e.g. `new:<taskId>` or `escalated:<taskId>:2`. */
  key: string;
  type: NotificationType;
  title: string;
  taskId: string | null;
}

/** A notification that was actually written (not a duplicate), with its recipient for email. */
export interface WrittenNotification {
  id: string;
  recipient: Recipient;
  type: NotificationType;
  title: string;
  taskId: string | null;
  /** Where the email links to when not a task (an alert links to its workflow's runs). */
  link?: string;
}
