import { once } from 'node:events';
import { Type, type Static } from 'typebox';
import { OperationJob } from '@temporal-operations/jobs';
import { sleep } from './sleep';

/** The behaviours of the example job (README.md "Write a job" lists them). */
export const EXAMPLE_TYPES = [
  'progress',
  'success',
  'file',
  'failed',
  'action',
  'input_file',
  'cancellable',
  'approval',
  'input_form',
] as const;

/** The colours `input_form` offers. */
export const EXAMPLE_COLOURS = ['red', 'blue'] as const;

/** What `input_form` asks: a number from 1 to 10 and one of two colours. */
export const ExampleFormAnswer = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 10, title: 'A number from 1 to 10' }),
    colour: Type.Enum(EXAMPLE_COLOURS, { title: 'A colour' }),
  },
  { additionalProperties: false },
);

const ExampleParams = Type.Object(
  {
    type: Type.Enum(EXAMPLE_TYPES, { description: 'What the example does' }),
    steps: Type.Integer({ minimum: 1, maximum: 10_000, default: 5 }),
    stepMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 1000 }),
    whenUnanswered: Type.Optional(
      Type.Enum(['fail', 'default'], {
        description:
          'approval, input_form: when time is up, fail (default) or go on with a default answer (reject; 1 and red)',
      }),
    ),
    answerTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 86_400_000,
        description: 'approval, input_form: how long the question stays open',
      }),
    ),
  },
  { additionalProperties: false },
);
type ExampleParams = Static<typeof ExampleParams> & { steps: number; stepMs: number };

/** The example job the demo page and the tests use: one job, seven behaviours chosen by `type`. */
export class OperationExampleJob extends OperationJob<ExampleParams> {
  static override readonly params = ExampleParams;
  static readonly description =
    'Example operations: progress, success, file, failed, action, input_file, cancellable, approval, input_form';

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
      case 'approval':
        return this.writeIfApproved(steps, params.answerTimeoutMs, params.whenUnanswered === 'default');
      case 'input_form':
        return this.askForm(params.answerTimeoutMs, params.whenUnanswered === 'default');
    }
  }

  /**
   * Asks for approval before writing the file. The job runs again from its start once
   * answered, so the work before the question is checkpointed and not done twice.
   */
  private async writeIfApproved(rows: number, timeoutMs?: number, rejectWhenUnanswered = false): Promise<void> {
    if (!(this.lastCheckpoint as { prepared?: boolean } | undefined)?.prepared) {
      await this.addOperationLog(`Prepared ${rows} rows`);
      await this.checkpoint({ prepared: true });
    }
    const approved = await this.askOperationApproval(`Write example.csv with ${rows} rows?`, {
      description: 'Approve to write the file, reject to stop here.',
      timeoutMs,
      onTimeout: rejectWhenUnanswered ? 'reject' : 'fail',
    });
    if (!approved) {
      await this.saveOperationOutputMessage('Rejected');
      return;
    }
    await this.writeCsv(rows);
  }

  private async askForm(timeoutMs?: number, defaultWhenUnanswered = false): Promise<void> {
    const { number, colour } = await this.askOperationInput<Static<typeof ExampleFormAnswer>>({
      title: 'Pick a number and a colour',
      schema: ExampleFormAnswer,
      timeoutMs,
      onTimeout: defaultWhenUnanswered ? { number: 1, colour: 'red' } : 'fail',
    });
    await this.addOperationLog(`Number: ${number}`);
    await this.addOperationLog(`Colour: ${colour}`);
    await this.saveOperationOutputMessage(`You chose ${number} and ${colour}`);
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
