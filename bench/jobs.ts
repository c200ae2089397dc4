import { existsSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { Type, type Static } from 'typebox';
import { JobRegistry } from '@temporal-operations/jobs';
import { OperationJob } from '@temporal-operations/jobs';
import { ExportProductsJob, OperationExampleJob } from '../jobs';

/** Does nothing: what is left of an operation's cost is the service's own. */
export class BenchNoopJob extends OperationJob<Record<string, never>> {
  static override readonly params = Type.Object({}, { additionalProperties: false });
  static readonly description = 'Benchmark: completes at once';

  async perform(): Promise<void> {}
}

const LatencyParams = Type.Object(
  {
    steps: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    stepMs: Type.Integer({ minimum: 10, maximum: 10_000, default: 1000 }),
  },
  { additionalProperties: false },
);
type LatencyParams = Static<typeof LatencyParams>;

/** The log line of a latency step: `<percentage>@<epoch ms of the call>`. */
export const LATENCY_LOG_PATTERN = /^(\d+(?:\.\d+)?)@(\d+(?:\.\d+)?)$/;

/**
 * Sets the percentage to 100/steps, 2·100/steps … 100, one step per `stepMs`, and logs the
 * wall-clock time of each `updateOperationPercentage` call, so a reader can measure how long
 * the value took to become visible.
 */
export class BenchLatencyJob extends OperationJob<LatencyParams> {
  static override readonly params = LatencyParams;
  static readonly description = 'Benchmark: timed percentage updates';

  async perform({ steps, stepMs }: LatencyParams): Promise<void> {
    for (let i = 1; i <= steps; i++) {
      await delay(stepMs, undefined, { signal: this.signal });
      const percentage = (i * 100) / steps;
      const calledAt = Date.now();
      // The percentage goes first: a log line sent before it would take the heartbeat slot.
      await this.updateOperationPercentage(percentage);
      await this.addOperationLog(`${percentage}@${calledAt}`);
    }
  }
}

const ScaleParams = Type.Object(
  {
    goFile: Type.String({ minLength: 1, description: 'the steps begin once this file exists (the bench runs here)' }),
    steps: Type.Integer({ minimum: 1, maximum: 100, default: 25 }),
    stepMs: Type.Integer({ minimum: 10, maximum: 10_000, default: 1000 }),
  },
  { additionalProperties: false },
);
type ScaleParams = Static<typeof ScaleParams>;

/**
 * Waits until `goFile` exists (the bench writes it once the batch stopped growing), so that
 * every operation of a batch that runs at all is running before any finishes, then does what the example `progress` job does: each step sets the percentage, adds a log
 * line and checkpoints.
 */
export class BenchScaleJob extends OperationJob<ScaleParams> {
  static override readonly params = ScaleParams;
  static readonly description = 'Benchmark: a batch that reports progress together';

  async perform({ goFile, steps, stepMs }: ScaleParams): Promise<void> {
    // One look a second: 10,000 waiting jobs cost 10,000 stat calls a second, not more.
    while (!existsSync(goFile)) await delay(1000, undefined, { signal: this.signal });
    for (let i = 1; i <= steps; i++) {
      await delay(stepMs, undefined, { signal: this.signal });
      await this.updateOperationPercentage(Math.round((i * 100) / steps));
      await this.addOperationLog(`Step ${i} of ${steps}`);
      await this.checkpoint({ step: i });
    }
  }
}

const LiveParams = Type.Object(
  {
    startAt: Type.Integer({ minimum: 0, description: 'epoch ms when the updates begin' }),
    goFile: Type.Optional(
      Type.String({ minLength: 1, description: 'or: they begin once this file exists (the bench runs here)' }),
    ),
    spread: Type.Optional(
      Type.Boolean({ description: 'begin at a random point of the first interval, as independent operations do' }),
    ),
    updates: Type.Integer({ minimum: 1, maximum: 1000 }),
    everyMs: Type.Integer({ minimum: 1, maximum: 60_000 }),
  },
  { additionalProperties: false },
);
type LiveParams = Static<typeof LiveParams>;

/** The log line of a live update: `update <i> <epoch ms of the call>`. */
export const LIVE_LOG_PATTERN = /^update (\d+) (\d+)$/;

/**
 * bench:live: waits until `startAt` (every watcher is connected by then) or the go file, with
 * `spread` a random part of one interval more, then `updates` times
 * replaces its one log line with the time of the call and sets the percentage. One line, so
 * that a record stays small however many updates (the watchers parse every one).
 */
export class BenchLiveJob extends OperationJob<LiveParams> {
  static override readonly params = LiveParams;
  static readonly description = 'Benchmark: timed live updates';

  async perform({ startAt, goFile, spread, updates, everyMs }: LiveParams): Promise<void> {
    await delay(Math.max(0, startAt - Date.now()), undefined, { signal: this.signal });
    while (goFile && !existsSync(goFile)) await delay(200, undefined, { signal: this.signal });
    if (spread) await delay(Math.random() * everyMs, undefined, { signal: this.signal });
    for (let i = 1; i <= updates; i++) {
      await this.replaceOperationLog(`update ${i} ${Date.now()}`);
      await this.updateOperationPercentage((i * 100) / updates);
      await delay(everyMs, undefined, { signal: this.signal });
    }
  }
}

/** The deployment's own jobs plus the benchmark jobs, as the bench's API and worker register them. */
export const benchJobRegistry = new JobRegistry([
  OperationExampleJob,
  ExportProductsJob,
  BenchNoopJob,
  BenchLatencyJob,
  BenchScaleJob,
  BenchLiveJob,
]);
