import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { activityInfo } from '@temporalio/activity';
import { Type } from 'typebox';
import { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import { OperationExampleJob } from '../../jobs';

/**
 * Jobs that misbehave on purpose, registered only on test workers (in this process or in a
 * worker process started with test/helpers/fault-jobs-worker.ts).
 */

/** Throws what its params say: a string, an object, undefined or null, never an Error. */
export class ThrowingJob extends OperationJob<{ thrown: 'string' | 'object' | 'undefined' | 'null' }> {
  static override readonly params = Type.Object({ thrown: Type.Enum(['string', 'object', 'undefined', 'null']) });
  async perform({ thrown }: { thrown: string }): Promise<void> {
    await this.addOperationLog('About to throw');
    const values: Record<string, unknown> = {
      string: 'the disk is full',
      object: { code: 'E_QUOTA', retryIn: 30 },
      undefined: undefined,
      null: null,
    };
    throw values[thrown];
  }
}

/** Runs past its 3 s timeout, hearing nothing (it ignores its AbortSignal). */
export class OverrunningJob extends OperationJob<Record<string, never>> {
  static override readonly params = Type.Object({});
  static readonly timeoutMs = 3000;
  async perform(): Promise<void> {
    await this.addOperationLog(`Attempt ${activityInfo().attempt} started`);
    await delay(30_000);
    await this.saveOperationOutputMessage('Finished after its timeout');
  }
}

/**
 * Ignores its AbortSignal: keeps working for `runMs`, then saves a message and a file. The
 * test cancels it long before, so everything after the cancellation must be discarded.
 */
export class DeafJob extends OperationJob<{ runMs: number; markerDir: string }> {
  static override readonly params = Type.Object({ runMs: Type.Integer(), markerDir: Type.String() });
  async perform({ runMs, markerDir }: { runMs: number; markerDir: string }): Promise<void> {
    await this.addOperationLog('Working, and not listening');
    await this.updateOperationPercentage(10);
    await delay(runMs);
    await this.addOperationLog('Still here after the cancellation');
    await this.saveOperationOutputMessage('Finished although cancelled');
    const saved = await this.saveOperationOutputFile(Buffer.from('late output'), { name: 'late.txt' }).then(
      () => 'saved',
      (error: Error) => error.name,
    );
    writeFileSync(join(markerDir, 'deaf-job-done'), saved);
  }
}

/**
 * Attempt 1 blocks its worker's event loop (no heartbeat reaches Temporal) until attempt 2,
 * run elsewhere, has finished; then it saves its own file and message as if nothing happened.
 * Each attempt leaves a marker file saying how its file save went.
 */
export class BlockingJob extends OperationJob<{ markerDir: string }> {
  static override readonly params = Type.Object({ markerDir: Type.String() });
  static readonly maximumAttempts = 2;
  async perform({ markerDir }: { markerDir: string }): Promise<void> {
    const { attempt } = activityInfo();
    await this.addOperationLog(`Attempt ${attempt} started`);
    if (attempt === 1) {
      await delay(500); // lets the first heartbeat go out: the operation reads as running
      blockUntil(() => existsSync(join(markerDir, 'attempt-2')), 90_000);
    }
    const saved = await this.saveOperationOutputFile(Buffer.from(`written by attempt ${attempt}\n`), {
      name: `attempt-${attempt}.txt`,
    }).then(
      () => 'saved',
      (error: Error) => error.name,
    );
    await this.saveOperationOutputMessage(`Attempt ${attempt} won`);
    writeFileSync(join(markerDir, `attempt-${attempt}`), saved);
  }
}

/** Blocks the thread (and so the event loop) until `done` holds or `maxMs` passed. */
function blockUntil(done: () => boolean, maxMs: number): void {
  const until = Date.now() + maxMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (!done() && Date.now() < until) Atomics.wait(pause, 0, 0, 100);
}

/** Size and content of LargeOutputJob's file: deterministic, so a test can check it byte for byte. */
export const LARGE_OUTPUT_BYTES = 20 * 1024 * 1024 + 12_345;
const CHUNK_BYTES = 1024 * 1024;

/** The chunk at `index` of LargeOutputJob's file. */
function outputChunk(index: number): Buffer {
  const length = Math.min(CHUNK_BYTES, LARGE_OUTPUT_BYTES - index * CHUNK_BYTES);
  const chunk = Buffer.alloc(length);
  for (let i = 0; i < length; i++) chunk[i] = (index * 7 + i * 31) & 0xff;
  return chunk;
}

/** The sha256 of LargeOutputJob's file. */
export function largeOutputSha256(): string {
  const hash = createHash('sha256');
  for (let i = 0; i * CHUNK_BYTES < LARGE_OUTPUT_BYTES; i++) hash.update(outputChunk(i));
  return hash.digest('hex');
}

/**
 * Streams a file of three multipart parts. Attempt 1 stalls after a part and a bit, with its
 * multipart upload under way, until the test kills its worker; attempt 2 streams it all.
 */
export class LargeOutputJob extends OperationJob<Record<string, never>> {
  static override readonly params = Type.Object({});
  static readonly maximumAttempts = 2;
  async perform(): Promise<void> {
    const stall = activityInfo().attempt === 1;
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i * CHUNK_BYTES < LARGE_OUTPUT_BYTES; i++) {
        if (stall && i === 9) await new Promise(() => {}); // killed here
        yield outputChunk(i);
      }
    }
    await this.addOperationLog(`Attempt ${activityInfo().attempt} uploading`);
    await this.saveOperationOutputFile(Readable.from(chunks()), { name: 'large.bin' });
    await this.saveOperationOutputMessage('Uploaded');
  }
}

/**
 * OperationExampleJob that counts each step it really runs, in the file STEP_COUNTER_FILE
 * (`<attempt> <log message>` a line, across worker processes), and whose attempt 1 holds
 * after checkpointing step HOLD_AFTER_STEP until its worker is killed.
 */
export class CountedStepsJob extends OperationExampleJob {
  override async addOperationLog(message: string): Promise<boolean> {
    const counter = process.env.STEP_COUNTER_FILE;
    if (counter) appendFileSync(counter, `${activityInfo().attempt} ${message}\n`);
    return super.addOperationLog(message);
  }

  override async checkpoint(state: unknown): Promise<boolean> {
    const saved = await super.checkpoint(state);
    const holdAfter = Number(process.env.HOLD_AFTER_STEP);
    if (activityInfo().attempt === 1 && (state as { step: number }).step === holdAfter) await new Promise(() => {});
    return saved;
  }
}

/** Every job a fault test runs, next to the real ones (the API accepts them by the same registry). */
export const faultJobRegistry = new JobRegistry([
  OperationExampleJob,
  ThrowingJob,
  OverrunningJob,
  DeafJob,
  BlockingJob,
  LargeOutputJob,
  CountedStepsJob,
]);
