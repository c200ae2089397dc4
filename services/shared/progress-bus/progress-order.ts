/** Where a copy of an operation's progress stands: the attempt of its job and its change number. */
export interface ProgressMark {
  attempt: number;
  seq: number;
}

/**
 * What a subscriber does with a message after `last`: `stale` (older than what it shows, or a
 * duplicate: ignored), `next` (the one after it: shown), `gap` (newer, but messages were lost
 * in between: shown, since each carries the whole progress, and Temporal is read to be sure).
 */
export function judgeMessage(
  last: ProgressMark | null,
  message: ProgressMark & { prev: number },
): 'stale' | 'next' | 'gap' {
  if (last !== null && compareMarks(message, last) <= 0) return 'stale';
  const expectedPrev = last !== null && last.attempt === message.attempt ? last.seq : 0;
  // A previous number below what is shown is no loss: that copy came from Temporal's heartbeat.
  return message.prev > expectedPrev ? 'gap' : 'next';
}

/** Negative when `a` is older than `b`, zero when the same, positive when newer. */
export function compareMarks(a: ProgressMark, b: ProgressMark): number {
  return a.attempt !== b.attempt ? a.attempt - b.attempt : a.seq - b.seq;
}
