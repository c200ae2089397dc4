import { once } from 'node:events';
import { Type, type Static } from 'typebox';
import { OperationJob } from '@temporal-operations/jobs';
import { sleep } from './sleep';

/** The behaviours of the example job (README.md "Write a job" lists them). */
export const EXAMPLE_TYPES = ['progress', 'success', 'file', 'failed', 'action', 'input_file', 'cancellable'] as const;

const ExampleParams = Type.Object(
  {
    type: Type.Enum(EXAMPLE_TYPES, { description: 'What the example does' }),
    steps: Type.Integer({ minimum: 1, maximum: 10_000, default: 5 }),
    stepMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 1000 }),
  },
  { additionalProperties: false },
);
type ExampleParams = Static<typeof ExampleParams> & { steps: number; stepMs: number };

/** The example job the demo page and the tests use: one job, seven behaviours chosen by `type`. */
export class OperationExampleJob extends OperationJob<ExampleParams> {
  static override readonly params = ExampleParams;
  static readonly description = 'Example operations: progress, success, file, failed, action, input_file, cancellable';

  async perform(params: ExampleParams): Promise<void> {
    const { steps = 5, stepMs = 1000 } = params;
    switch (params.type) {
      case 'progress':
      case 'cancellable':
        return this.runSteps(steps, stepMs);
      case 'success':
        await sleep(steps * stepMs, this.signal);
        await this.saveOperationOutputMessage('Operation succeeded');
        return;
      case 'file':
        return this.writeCsv(steps);
      case 'failed':
        await sleep(stepMs, this.signal);
        throw new Error('This is the operation error message');
      case 'action':
        await this.saveOperationOutputMessage('Operation succeeded with an action');
        await this.saveOperationOutputAction('Visit the homepage', '/');
        return;
      case 'input_file':
        return this.describeInputFile();
    }
  }

  /** Checkpoints each step, so an attempt retried after a crash resumes where the last one stopped. */
  private async runSteps(steps: number, stepMs: number): Promise<void> {
    const done = (this.lastCheckpoint as { step?: number } | undefined)?.step ?? 0;
    for (let i = done + 1; i <= steps; i++) {
      await sleep(stepMs, this.signal);
      await this.updateOperationPercentage(Math.round((i * 100) / steps));
      await this.addOperationLog(`Step ${i} of ${steps}`);
      await this.checkpoint({ step: i });
    }
    await this.saveOperationOutputMessage(`Completed ${steps} steps`);
  }

  private async writeCsv(rows: number): Promise<void> {
    const lines = ['id,name'];
    for (let i = 1; i <= rows; i++) lines.push(`${i},Item ${i}`);
    await this.saveOperationOutputFile(Buffer.from(`${lines.join('\n')}\n`), {
      name: 'example.csv',
      contentType: 'text/csv',
    });
    await this.saveOperationOutputMessage(`Wrote ${rows} rows to example.csv`);
  }

  private async describeInputFile(): Promise<void> {
    const file = this.operationInputFile;
    if (!file) throw new Error('No input file');
    let bytes = 0;
    let newlines = 0;
    let last = -1;
    const stream = await file.stream();
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 0x0a) newlines++;
      last = chunk.at(-1) ?? last;
    });
    await once(stream, 'end');
    const lines = newlines + (bytes > 0 && last !== 0x0a ? 1 : 0);
    await this.saveOperationOutputMessage(`You uploaded the file ${file.name} (${bytes} bytes, ${lines} lines)`);
  }
}
