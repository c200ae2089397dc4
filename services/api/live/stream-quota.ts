/**
 * How many event streams each user holds open in this API process. A stream costs a socket,
 * a heartbeat timer and a share of its operation's Temporal reads for as long as it lasts, so
 * one user opening thousands must not crowd out the others.
 */
export class StreamQuota {
  readonly #open = new Map<string, number>();

  constructor(readonly perUser: number) {}

  /** Takes a slot for `userId`: a function that gives it back (once), or null when all are taken. */
  acquire(userId: string): (() => void) | null {
    const open = this.#open.get(userId) ?? 0;
    if (open >= this.perUser) return null;
    this.#open.set(userId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(userId) ?? 1) - 1;
      if (left > 0) this.#open.set(userId, left);
      else this.#open.delete(userId);
    };
  }
}
