/**
 * Below 1024 px every button and disclosure of the inbox, the task view and their dialogs is at least
 * 44 × 44 px (WCAG 2.5.5: a finger, not a pointer). Put on the container; links get their own classes.
 */
export const touchTargets =
  "max-lg:[&_[data-slot=button]]:min-h-11 max-lg:[&_[data-slot=button]]:min-w-11 max-lg:[&_summary]:min-h-11 max-lg:[&_summary]:content-center";
