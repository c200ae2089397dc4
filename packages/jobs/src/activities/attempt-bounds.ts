/** How one attempt of a job ended, as far as the activity is concerned. */
export type AttemptEnd =
  | { kind: 'returned' }
  | { kind: 'threw'; error: unknown }
  /** The attempt was cancelled and the job had not stopped when the grace period ran out. */
  | { kind: 'abandoned' }
  /** The job ran past its timeout. */
  | { kind: 'timed-out' }
  /** The job asked the person a question: the attempt ends without it. */
  | { kind: 'asked' };

/** The longest delay `setTimeout` takes (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface AttemptBounds {
  /** Aborted when the operation is cancelled, the worker shuts down, or Temporal drops the attempt. */
  cancellation: AbortSignal;
  /** How long a cancelled job may take to stop before the attempt reports without it. */
  graceMs: number;
  /** When the job must have finished, in ms from now. */
  timeoutMs: number;
  /** Ends the attempt early when it settles (the job asked a question). */
  interrupted?: Promise<AttemptEnd>;
}

/**
 * Runs the job until it settles, or until a bound is reached first: a job that ignores its
 * AbortSignal, or loops forever, must not hold the operation open. The job is not stopped by
 * this (JavaScript cannot stop it); the caller discards what it does afterwards.
 */
export async function runWithinBounds(perform: () => Promise<unknown>, bounds: AttemptBounds): Promise<AttemptEnd> {
  const timers: NodeJS.Timeout[] = [];
  let stopListening = () => {};
  const bound = new Promise<AttemptEnd>((resolve) => {
    // Node fires a longer timer at once; an attempt that long is bounded by Temporal alone.
    if (bounds.timeoutMs <= MAX_TIMER_MS)
      timers.push(setTimeout(() => resolve({ kind: 'timed-out' }), bounds.timeoutMs));
    const onAbort = () => timers.push(setTimeout(() => resolve({ kind: 'abandoned' }), bounds.graceMs));
    if (bounds.cancellation.aborted) onAbort();
    else bounds.cancellation.addEventListener('abort', onAbort, { once: true });
    stopListening = () => bounds.cancellation.removeEventListener('abort', onAbort);
  });
  const settled = perform().then(
    (): AttemptEnd => ({ kind: 'returned' }),
    (error: unknown): AttemptEnd => ({ kind: 'threw', error }),
  );
  try {
    return await Promise.race([settled, bound, ...(bounds.interrupted ? [bounds.interrupted] : [])]);
  } finally {
    for (const timer of timers) clearTimeout(timer);
    stopListening();
  }
}
