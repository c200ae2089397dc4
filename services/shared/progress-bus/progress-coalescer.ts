/**
 * Throttles per key: the first change after a quiet `windowMs` is flushed at once (no added
 * latency); later ones within the window become one trailing flush of the newest state. A job
 * that reports 10,000 times a second thus publishes at most 1000/windowMs times a second.
 */
export class Coalescer<K> {
  readonly #keys = new Map<K, { dirty: boolean; timer: NodeJS.Timeout }>();

  constructor(
    private readonly flush: (key: K) => void,
    private readonly windowMs: number,
  ) {}

  /** Keys within their window (a quiet key is forgotten one window after its last flush). */
  get size(): number {
    return this.#keys.size;
  }

  changed(key: K): void {
    const state = this.#keys.get(key);
    if (state) {
      state.dirty = true;
      return;
    }
    this.flush(key);
    this.#keys.set(key, { dirty: false, timer: this.#arm(key) });
  }

  /** Flushes a pending change at once and forgets the key (its attempt is over). */
  end(key: K): void {
    const state = this.#keys.get(key);
    if (!state) return;
    clearTimeout(state.timer);
    this.#keys.delete(key);
    if (state.dirty) this.flush(key);
  }

  #arm(key: K): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const state = this.#keys.get(key);
      if (!state) return;
      if (!state.dirty) {
        this.#keys.delete(key);
        return;
      }
      state.dirty = false;
      state.timer = this.#arm(key);
      this.flush(key);
    }, this.windowMs);
    // A pending flush must not keep a finished process alive.
    timer.unref();
    return timer;
  }
}
