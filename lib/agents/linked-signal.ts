// One child AbortSignal per call, linked to the step's signal and unlinked when the call ends: a
// 50-round loop would otherwise pile one abort listener per call onto the step's signal.
export async function withLinkedSignal<T>(parent: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const onAbort = () => ac.abort(parent.reason);
  if (parent.aborted) ac.abort(parent.reason);
  else parent.addEventListener("abort", onAbort, { once: true });
  try {
    return await fn(ac.signal);
  } finally {
    parent.removeEventListener("abort", onAbort);
  }
}
