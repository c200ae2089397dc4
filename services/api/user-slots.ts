/**
 * Slots that a user takes while a costly request lasts (an event stream, an upload), in this
 * API process: at most `perUser` for one user and `total` for everyone, so one user holding
 * many cannot crowd out the others, and all of them together cannot exhaust the process.
 */
export class UserSlots {
  readonly #held = new Map<string, number>();
  #total = 0;

  constructor(
    readonly perUser: number,
    readonly total = Number.POSITIVE_INFINITY,
  ) {}

  /** Takes a slot for `userId`: a function that gives it back (once), or which limit was reached. */
  acquire(userId: string): { release: () => void } | { full: 'user' | 'total' } {
    const held = this.#held.get(userId) ?? 0;
    if (held >= this.perUser) return { full: 'user' };
    if (this.#total >= this.total) return { full: 'total' };
    this.#held.set(userId, held + 1);
    this.#total += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.#total -= 1;
        const left = (this.#held.get(userId) ?? 1) - 1;
        if (left > 0) this.#held.set(userId, left);
        else this.#held.delete(userId);
      },
    };
  }
}
