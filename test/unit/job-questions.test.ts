import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { OperationJob } from '../../packages/jobs/src/job/operation-job';
import { checkAnswer, questionSchemaProblems } from '../../packages/jobs/src/job/question-schema';

class Asker extends OperationJob<unknown> {
  async perform(): Promise<unknown> {
    return null;
  }
}

const Form = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 20, pattern: '^[a-z]+$' }),
  count: Type.Integer({ minimum: 1, maximum: 10 }),
  ratio: Type.Number({ exclusiveMinimum: 0 }),
  ok: Type.Boolean(),
  colour: Type.Enum(['red', 'blue']),
  size: Type.Union([Type.Literal('s'), Type.Literal('m')]),
  tags: Type.Array(Type.Enum(['a', 'b', 'c']), { uniqueItems: true }),
});

describe('question schemas', () => {
  it('accept every field kind the form renders', () => {
    expect(questionSchemaProblems(JSON.parse(JSON.stringify(Form)))).toEqual([]);
  });

  it('name each field the form cannot render', () => {
    const problems = questionSchemaProblems({
      type: 'object',
      properties: { nested: { type: 'object' }, list: { type: 'array', items: { type: 'string' } }, any: {} },
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/field "nested"[\s\S]*field "list"[\s\S]*field "any"/);
    expect(questionSchemaProblems(Type.String())).toEqual([expect.stringContaining('"type":"object"')]);
    expect(questionSchemaProblems({ type: 'object', properties: { a: { type: 'string', pattern: '(' } } })).toEqual([
      expect.stringContaining('does not compile'),
    ]);
  });

  it('check answers field by field', () => {
    const schema = JSON.parse(JSON.stringify(Form)) as Record<string, unknown>;
    const check = checkAnswer(schema, { name: 'X', count: 0, ratio: 0, ok: 'yes', colour: 'green', tags: ['d'] });
    expect(check.ok).toBe(false);
    const paths = !check.ok ? check.errors.map((error) => error.path) : [];
    expect(paths).toEqual(
      expect.arrayContaining([
        '/answer/name',
        '/answer/count',
        '/answer/ratio',
        '/answer/ok',
        '/answer/colour',
        '/answer/size',
        '/answer/tags/0',
      ]),
    );
  });
});

describe('askOperationInput and askOperationApproval outside an operation', () => {
  it('answer with the onTimeout default, or throw a clear error: never hang', async () => {
    const job = new Asker();
    const schema = Type.Object({ n: Type.Integer() });
    await expect(job.askOperationInput({ title: 'How many?', schema, onTimeout: { n: 3 } })).resolves.toEqual({ n: 3 });
    await expect(job.askOperationInput({ title: 'How many?', schema })).rejects.toThrow(/needs an operation/);
    await expect(job.askOperationApproval('Go?')).resolves.toBe(false);
    await expect(job.askOperationApproval('Go?', { onTimeout: 'approve' })).resolves.toBe(true);
  });

  it('refuse a bad question at ask time, as in an operation', async () => {
    const job = new Asker();
    await expect(
      job.askOperationInput({ title: 'Where?', schema: Type.Object({ a: Type.Object({}) }) }),
    ).rejects.toThrow(/cannot be shown as a form: field "a"/);
    await expect(
      job.askOperationInput({
        title: 'Bad default',
        schema: Type.Object({ n: Type.Integer() }),
        onTimeout: { n: 'x' },
      }),
    ).rejects.toThrow(/default answer of "Bad default" fails its schema/);
    await expect(job.askOperationInput({ title: '', schema: Type.Object({}) })).rejects.toThrow(/title/);
    await expect(
      job.askOperationInput({ title: 'Soon', schema: Type.Object({ n: Type.Integer() }), timeoutMs: -1 }),
    ).rejects.toThrow(/timeoutMs/);
  });
});
