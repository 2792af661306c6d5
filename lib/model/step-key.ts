/**
 * Step keys: a node id at the top level, the frame prefix plus the node id inside Loop and Map
 * bodies (`review#2/agent`, `orders[3]/check`), and `<stepKey>~undo` for compensation steps.
 */
export function stepKeyContext(stepKey: string, nodeId: string): string | null {
  if (stepKey === nodeId) return null;
  if (stepKey.endsWith("~undo")) return `undoes ${stepKey.slice(0, -"~undo".length)}`;
  if (stepKey.endsWith(`/${nodeId}`)) {
    const frame = stepKey.slice(0, -nodeId.length - 1);
    return frame.replace(/#(\d+)/g, " pass $1").replace(/\//g, " › ");
  }
  return stepKey;
}
