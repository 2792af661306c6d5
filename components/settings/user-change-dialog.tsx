"use client";
// Role changes and disabling an account take effect at once for someone else: the admin confirms
// each in a dialog that says exactly what will happen, and the toast afterwards says what did.
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { roleDescriptions, roleLabels, type Role } from "@/lib/auth/roles";
import type { PublicUser } from "@/lib/auth/users";

export type UserChange = { user: PublicUser; role: Role } | { user: PublicUser; disabled: boolean };

/** The article for a role label ("a Designer", "an Admin"). */
function aRole(role: Role): string {
  const label = roleLabels[role];
  return `${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}`;
}

/** The dialog's wording and the toast's, for one change. */
export function describeUserChange(change: UserChange): { title: string; body: string; confirm: string; done: string } {
  const { name, email } = change.user;
  if ("role" in change) {
    return {
      title: `Make ${name} ${aRole(change.role)}?`,
      body: `${name} (${email}) is ${aRole(change.user.role)} now. What ${aRole(change.role)} may do: ${roleDescriptions[change.role]}. The change applies to their next page or API call.`,
      confirm: `Make ${roleLabels[change.role]}`,
      done: `${name} is now ${aRole(change.role)}.`,
    };
  }
  return change.disabled
    ? {
        title: `Disable ${name}?`,
        body: `${name} (${email}) will be signed out and can no longer sign in; their API keys stop working at once. You can enable the account again here.`,
        confirm: "Disable account",
        done: `${name} is disabled and can no longer sign in.`,
      }
    : {
        title: `Enable ${name}?`,
        body: `${name} (${email}) can sign in again with their password, and their API keys that are not revoked work again.`,
        confirm: "Enable account",
        done: `${name} can sign in again.`,
      };
}

export function UserChangeDialog({
  change,
  pending,
  onConfirm,
  onCancel,
}: {
  change: UserChange | null;
  pending: boolean;
  onConfirm: (change: UserChange) => void;
  onCancel: () => void;
}) {
  const text = change ? describeUserChange(change) : null;
  const destructive = change !== null && "disabled" in change && change.disabled;
  return (
    <AlertDialog open={change !== null} onOpenChange={(o) => !o && onCancel()}>
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{text?.title}</AlertDialogTitle>
          <AlertDialogDescription>{text?.body}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction
            variant={destructive ? "destructive" : "default"}
            disabled={pending}
            onClick={(e) => {
              // the dialog closes when the change is saved (or stays open with the error toast)
              e.preventDefault();
              if (change) onConfirm(change);
            }}
          >
            {text?.confirm}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
