import type { ProgressSink } from '@temporal-operations/jobs';
import { Coalescer } from '../shared/progress-bus/progress-coalescer';
import { encodeProgressMessage } from '../shared/progress-bus/progress-message';
import { progressSubject } from '../shared/progress-bus/progress-subject';
import type { NatsLink } from '../shared/progress-bus/nats-link';

/** Answers a job's visible progress now, after its change number `seq` in its attempt. */
type ReadProgress = Parameters<ProgressSink['changed']>[2];

interface Attempt {
  operationId: string;
  attempt: number;
  read: ReadProgress;
  /** The `seq` of the last message handed to NATS (a message's `prev`). */
  published: number;
}

/** Publications per operation are at most one per window; the first change after a quiet window goes at once. */
export const DEFAULT_COALESCE_MS = 5;

/**
 * Publishes job progress on the bus as it changes (README, "Progress bus"), coalesced per
 * attempt within a few ms. Reading the progress is deferred to the publication, so a job that
 * reports 10,000 times a second costs one encoding per window, not per call. Never throws and
 * never waits: with NATS down a change is simply not published (heartbeats still carry it).
 */
export class ProgressPublisher implements ProgressSink {
  readonly #attempts = new Map<string, Attempt>();
  readonly #coalescer: Coalescer<string>;

  constructor(
    private readonly link: NatsLink,
    private readonly namespace: string,
    windowMs = DEFAULT_COALESCE_MS,
  ) {
    this.#coalescer = new Coalescer((key) => this.#flush(key), windowMs);
  }

  /** A visible change (not a checkpoint) of a running attempt; `read` answers its progress now. */
  changed(operationId: string, attempt: number, read: ReadProgress): void {
    const key = `${operationId}\u0000${attempt}`;
    const known = this.#attempts.get(key);
    if (known) known.read = read;
    else this.#attempts.set(key, { operationId, attempt, read, published: 0 });
    this.#coalescer.changed(key);
  }

  /** The attempt is over: its last change goes out now, and its state is dropped. */
  ended(operationId: string, attempt: number): void {
    const key = `${operationId}\u0000${attempt}`;
    this.#coalescer.end(key);
    this.#attempts.delete(key);
  }

  #flush(key: string): void {
    const state = this.#attempts.get(key);
    if (!state) return;
    try {
      const { seq, progress } = state.read();
      if (seq <= state.published) return;
      const head = {
        namespace: this.namespace,
        operationId: state.operationId,
        attempt: state.attempt,
        seq,
        prev: state.published,
      };
      const sent = this.link.publish(
        progressSubject(this.namespace, state.operationId),
        encodeProgressMessage(head, progress),
      );
      if (sent) state.published = seq;
    } catch {
      // Progress the bus cannot carry still reaches Temporal through the heartbeat.
    }
  }
}
