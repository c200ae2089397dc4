import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { FINISHED_STATUSES, type OperationRecord } from '@temporal-operations/client';
import { recordFromCloseEvent, type WorkflowRecordCache } from '@temporal-operations/client';
import type { NatsLink } from '../../shared/progress-bus/nats-link';
import {
  parseProgressMessage,
  type ProgressMessage,
  type RejectReason,
} from '../../shared/progress-bus/progress-message';
import { compareMarks, judgeMessage, type ProgressMark } from '../../shared/progress-bus/progress-order';
import { progressSubject } from '../../shared/progress-bus/progress-subject';
import { followHistory } from './history-follower';
import { MAX_RETRY_MS } from './retry-backoff';

/** A read of the operation from Temporal, with where its heartbeat's progress stands on the bus. */
export type MarkedRead = (
  id: string,
  cache: WorkflowRecordCache,
) => Promise<{ record: OperationRecord; mark: ProgressMark | null } | null>;

export interface BusWatchOptions {
  client: Client;
  link: NatsLink;
  namespace: string;
  read: MarkedRead;
  /** Time between reads while the bus is down (today's polling). */
  intervalMs: number;
  /** Time between reads while the bus is up: the slow reconcile. */
  reconcileMs: number;
  retryMs: number;
  /** A message that was ignored, and why. */
  onReject: (reason: RejectReason | 'out-of-order', operationId: string) => void;
  /** A failed read; the watch retries by itself. */
  onReadError: (error: unknown) => void;
}

/**
 * New events that do not close the workflow (the job's completion comes a few ms before the
 * close) are read after this pause, so that the close, which carries the final record, usually
 * comes first and no read is needed at all.
 */
const EVENT_READ_DELAY_MS = 1000;

/**
 * Watches one operation through the progress bus. Temporal stays the truth: it is read when
 * the watch starts, when the bus (re)connects, on a sequence gap, when the workflow's history
 * grows (its long poll, so state changes and the final record come without polling), and at a
 * `reconcileMs` tick that follows an interval with no bus message. Bus messages in between update the progress at once. While the bus is down
 * it polls every `intervalMs`, as without a bus. The stream never goes backwards: a message
 * older than what is shown is ignored, and Temporal's heartbeat copy wins only when newer.
 */
export class BusWatch {
  #shown: OperationRecord | null = null;
  #mark: ProgressMark | null = null;
  /** A message that came before the first read; applied after it if still newer. */
  #early: ProgressMessage | null = null;
  #resync = false;
  /** Whether a bus message was shown since the last reconcile tick. */
  #heard = false;
  #wake: (() => void) | null = null;
  /** The final record, from the close event. */
  #closed: OperationRecord | null = null;
  #eventRead: NodeJS.Timeout | null = null;

  constructor(
    private readonly id: string,
    private readonly options: BusWatchOptions,
    private readonly emit: (record: OperationRecord) => void,
  ) {}

  /** Runs until the operation finished (or does not exist), or `signal` aborts. */
  async run(signal: AbortSignal): Promise<'finished' | 'missing' | 'aborted'> {
    const { link } = this.options;
    const unsubscribe = link.subscribe(progressSubject(this.options.namespace, this.id), (data) =>
      this.#onMessage(data),
    );
    // A (re)connected bus may have lost messages meanwhile; a lost one means polling again.
    const offChange = link.onChange(() => this.#wakeUp());
    const history = new AbortController();
    const stop = () => history.abort();
    signal.addEventListener('abort', stop, { once: true });
    void followHistory(
      this.options.client,
      this.id,
      { onEvents: (events) => this.#onEvents(events), onClosed: () => this.#wakeUp() },
      history.signal,
    );
    try {
      return await this.#loop(signal);
    } finally {
      unsubscribe();
      offChange();
      signal.removeEventListener('abort', stop);
      history.abort();
      if (this.#eventRead) clearTimeout(this.#eventRead);
    }
  }

  async #loop(signal: AbortSignal): Promise<'finished' | 'missing' | 'aborted'> {
    const cache: WorkflowRecordCache = {};
    let retryMs = this.options.retryMs;
    let readAt = -Infinity;
    while (!signal.aborted) {
      if (this.#closed) {
        this.#show(this.#closed);
        return 'finished';
      }
      // Wake-ups come in bursts (gaps, events): reads stay at least one polling interval apart.
      const since = performance.now() - readAt;
      if (since < this.options.intervalMs) await this.#pause(this.options.intervalMs - since, signal, false);
      readAt = performance.now();
      this.#resync = false;
      let read: Awaited<ReturnType<MarkedRead>>;
      try {
        read = await this.options.read(this.id, cache);
        retryMs = this.options.retryMs;
      } catch (error) {
        if (signal.aborted) break;
        this.options.onReadError(error);
        await this.#pause(retryMs, signal);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        continue;
      }
      if (signal.aborted) break;
      if (!read) return 'missing';
      this.#fromTemporal(read.record, read.mark);
      if (FINISHED_STATUSES.includes(read.record.status)) return 'finished';
      if (!this.#resync) await this.#waitForReason(signal);
    }
    return 'aborted';
  }

  /**
   * Until the next read is due: at once on a wake-up, after `intervalMs` while the bus is down,
   * else at the first `reconcileMs` tick with no bus message in the interval before it. A job
   * whose messages keep coming needs no read (a lost one shows as a gap in the next); a quiet one,
   * or one whose last message was lost, is read within two intervals.
   */
  async #waitForReason(signal: AbortSignal): Promise<void> {
    for (;;) {
      const connected = this.options.link.connected;
      this.#heard = false;
      await this.#pause(connected ? this.options.reconcileMs : this.options.intervalMs, signal);
      if (signal.aborted || this.#resync || !connected || !this.options.link.connected || !this.#heard) return;
    }
  }

  #fromTemporal(record: OperationRecord, mark: ProgressMark | null): void {
    if (FINISHED_STATUSES.includes(record.status)) {
      this.#show(record);
      return;
    }
    const shown = this.#shown;
    const busIsNewer = shown !== null && this.#mark !== null && (mark === null || compareMarks(this.#mark, mark) > 0);
    if (busIsNewer) {
      this.#show(withProgressOf(record, shown));
    } else {
      this.#mark = mark ?? this.#mark;
      this.#show(record);
    }
    const early = this.#early;
    this.#early = null;
    if (early) this.#apply(early);
  }

  #onEvents(events: Parameters<typeof recordFromCloseEvent>[1]): void {
    const final = recordFromCloseEvent(this.options.client, events);
    if (final) {
      this.#closed = final;
      this.#wakeUp();
      return;
    }
    this.#eventRead ??= setTimeout(() => {
      this.#eventRead = null;
      this.#wakeUp();
    }, EVENT_READ_DELAY_MS);
  }

  #onMessage(data: Uint8Array): void {
    const message = parseProgressMessage(data, { namespace: this.options.namespace, operationId: this.id });
    if ('rejected' in message) {
      this.options.onReject(message.rejected, this.id);
      return;
    }
    if (this.#shown === null) {
      if (!this.#early || compareMarks(message, this.#early) > 0) this.#early = message;
      return;
    }
    this.#apply(message);
  }

  #apply(message: ProgressMessage): void {
    const shown = this.#shown;
    if (!shown || FINISHED_STATUSES.includes(shown.status)) return;
    const verdict = judgeMessage(this.#mark, message);
    if (verdict === 'stale') {
      this.options.onReject('out-of-order', this.id);
      return;
    }
    this.#mark = { attempt: message.attempt, seq: message.seq };
    this.#heard = true;
    const { progress } = message;
    this.#show({
      ...shown,
      // A job that reports has started, whatever Temporal said a moment ago.
      status: shown.status === 'created' ? 'running' : shown.status,
      startedAt: shown.startedAt ?? progress.startedAt ?? null,
      ...progressFields(progress),
    });
    if (verdict === 'gap') this.#wakeUp();
  }

  #show(record: OperationRecord): void {
    this.#shown = record;
    this.emit(record);
  }

  /** Ends the current pause and asks for a read. */
  #wakeUp(): void {
    this.#resync = true;
    this.#wake?.();
  }

  async #pause(ms: number, signal: AbortSignal, wakeable = true): Promise<void> {
    if (signal.aborted) return;
    const woken = new Promise<void>((resolve) => {
      if (wakeable) this.#wake = resolve;
    });
    try {
      await Promise.race([delay(ms, undefined, { signal }), woken]);
    } catch {
      // Aborted: the loop sees it.
    } finally {
      this.#wake = null;
    }
  }
}

/** Temporal's record with the progress the bus showed (newer than its heartbeat copy). */
function withProgressOf(record: OperationRecord, shown: OperationRecord): OperationRecord {
  return {
    ...record,
    status: record.status === 'created' && shown.status === 'running' ? 'running' : record.status,
    startedAt: record.startedAt ?? shown.startedAt,
    ...progressFields(shown),
  };
}

/** The progress part of a record, from a bus message's or a shown record's; without pace samples the record keeps its own. */
function progressFields(
  from: Pick<OperationRecord, 'percentage' | 'logs' | 'output' | 'pace'>,
): Pick<OperationRecord, 'percentage' | 'logs' | 'output' | 'pace'> {
  return {
    percentage: from.percentage,
    logs: from.logs,
    ...(from.pace ? { pace: from.pace } : {}),
    output: from.output,
  };
}
