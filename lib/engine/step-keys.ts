// Step keys inside one run: `<frame prefix><node id>` (`review#2/agent`, `orders[3]/check`), tasks and
// child runs a step parked on `<stepKey>~<key>`, undo steps `<stepKey>~undo`.

/** Separates a step key from the key of a task the step parked on (not allowed in node ids). */
export const PARK_SEPARATOR = "~";
/** A ParkRequest's key. */
export const PARK_KEY = /^[A-Za-z0-9_.:-]{1,100}$/;
/** Suffix of an undo step's key: `<stepKey>~undo`. */
export const UNDO_SUFFIX = "~undo";

/** The frame prefix of a step (`""` at the top level), null for keys that are not `<prefix><nodeId>` (undo steps). */
export function framePrefixOf(s: { stepKey: string; nodeId: string }): string | null {
  return s.stepKey.endsWith(s.nodeId) ? s.stepKey.slice(0, s.stepKey.length - s.nodeId.length) : null;
}

/** The key of the frame of one Map item. */
export function mapItemPrefix(stepKey: string, index: number): string {
  return `${stepKey}[${index}]/`;
}

/** The key of the frame of one Loop pass. */
export function loopPassPrefix(stepKey: string, pass: number): string {
  return `${stepKey}#${pass}/`;
}
