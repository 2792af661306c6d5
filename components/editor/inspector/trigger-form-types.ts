// What every trigger sub-form of the Start node's Triggers panel receives (webhook, schedule, event).
export interface TriggerFormProps<T> {
  workflowId: string;
  trigger: T;
  onChange: (next: T) => void;
  readOnly: boolean;
  /** DOM id prefix, unique per trigger. */
  idPrefix: string;
}
