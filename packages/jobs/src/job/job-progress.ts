import {
  recordPace,
  MAX_LOG_ENTRIES,
  MAX_LOG_MESSAGE_CHARS,
  MAX_OUTPUT_MESSAGE_CHARS,
  truncateText,
  type JobProgress,
  type OperationAction,
  type StoredFile,
} from '@temporal-operations/client';

/** The progress of a job's first attempt as it starts: the start time, no percentage, logs or output. */
export function emptyProgress(): JobProgress {
  return {
    startedAt: new Date().toISOString(),
    percentage: null,
    logs: [],
    output: { message: null, file: null, action: null },
  };
}

/**
 * The progress a running job reports, kept in memory by its attempt and sent on each change
 * through `report` (a heartbeat). Validation happens here so a bad call fails the job at once.
 * With an `attempt`, each visible change (not a checkpoint) gets the next change number of
 * that attempt, carried in the snapshot's `sequence` and passed to `visible` (the progress bus).
 */
export class JobProgressState {
  #progress: JobProgress;
  #seq = 0;

  constructor(
    private readonly report: (progress: JobProgress) => void,
    initial: JobProgress = emptyProgress(),
    private readonly bus?: { attempt: number; visible: () => void },
  ) {
    const { sequence: _sequence, ...rest } = initial;
    this.#progress = structuredClone(rest);
  }

  /** A copy of everything reported so far. */
  snapshot(): JobProgress {
    const copy = structuredClone(this.#progress);
    return this.bus ? { ...copy, sequence: { attempt: this.bus.attempt, seq: this.#seq } } : copy;
  }

  /** The visible progress (no checkpoint, not copied: encode it at once) and its change number. */
  visibleProgress(): { seq: number; progress: JobProgress } {
    const { checkpoint: _checkpoint, ...visible } = this.#progress;
    return { seq: this.#seq, progress: visible };
  }

  setPercentage(value: number): void {
    this.#progress.percentage = checkPercentage(value);
    this.#progress.pace = recordPace(this.#progress.pace, value, Date.now());
    this.changed();
  }

  addLog(message: string): void {
    const logs = this.#progress.logs;
    logs.push({ at: new Date().toISOString(), message: checkText(message, MAX_LOG_MESSAGE_CHARS, 'log message') });
    // Oldest lines go first: the record rides in heartbeats and must stay small.
    if (logs.length > MAX_LOG_ENTRIES) logs.splice(0, logs.length - MAX_LOG_ENTRIES);
    this.changed();
  }

  replaceLog(message: string, index?: number): void {
    const logs = this.#progress.logs;
    const at = index ?? logs.length - 1;
    if (logs.length === 0 && index === undefined) return this.addLog(message);
    if (!Number.isInteger(at) || at < 0 || at >= logs.length) {
      throw new RangeError(`There is no log line ${at} to replace (the operation has ${logs.length})`);
    }
    logs[at] = { at: new Date().toISOString(), message: checkText(message, MAX_LOG_MESSAGE_CHARS, 'log message') };
    this.changed();
  }

  clearLogs(): void {
    this.#progress.logs = [];
    this.changed();
  }

  setMessage(message: string): void {
    this.#progress.output.message = checkText(message, MAX_OUTPUT_MESSAGE_CHARS, 'output message');
    this.changed();
  }

  setAction(action: OperationAction): void {
    this.#progress.output.action = action;
    this.changed();
  }

  setFile(file: StoredFile): void {
    this.#progress.output.file = file;
    this.changed();
  }

  setCheckpoint(state: unknown): void {
    this.#progress.checkpoint = state;
    this.report(this.snapshot());
  }

  private changed(): void {
    this.#seq += 1;
    this.report(this.snapshot());
    this.bus?.visible();
  }
}

/** Returns a valid percentage (a finite number 0..100) or throws a RangeError. */
export function checkPercentage(value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new RangeError(`Operation percentage must be a number from 0 to 100, got ${String(value)}`);
  }
  return value;
}

function checkText(value: string, maxChars: number, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`The ${what} must be a string, got ${typeof value}`);
  return truncateText(value, maxChars);
}
