import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { HttpProblem, operationNotFound } from '../../services/api/problem';
import { fieldErrors, isTemporalUnavailable, problemFromError } from '../../services/api/problem-mapping';

function fastifyError(code: string, statusCode: number, message = 'x'): Error {
  return Object.assign(new Error(message), { code, statusCode });
}

describe('problemFromError', () => {
  it('answers an HttpProblem as it says, with its headers and fields', () => {
    const problem = new HttpProblem(422, 'Bad params', {
      errors: [{ path: '/params/type', message: 'is required' }],
      headers: { 'x-a': 'b' },
    });
    expect(problemFromError(problem)).toEqual({
      body: {
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'Bad params',
        errors: [{ path: '/params/type', message: 'is required' }],
        errorCount: 1,
      },
      headers: { 'x-a': 'b' },
      serverError: false,
    });
  });

  it('lists at most 100 failing fields, with how many failed', () => {
    const errors = Array.from({ length: 250 }, (_, i) => ({
      path: `/params/productIds/${i}`,
      message: 'must be integer',
    }));
    const { body } = problemFromError(
      new HttpProblem(422, 'Bad params', { errors: errors.slice(0, 100), errorCount: 200_001 }),
    );
    expect(body.errors).toHaveLength(100);
    expect(body.errorCount).toBe(200_001);
    const uncut = problemFromError(new HttpProblem(400, 'Bad query', { errors })).body;
    expect(uncut.errors).toEqual(errors.slice(0, 100));
    expect(uncut.errorCount).toBe(250);
  });

  it('gives the same body for every missing operation', () => {
    expect(problemFromError(operationNotFound())).toEqual(problemFromError(operationNotFound()));
    expect(problemFromError(operationNotFound()).body.status).toBe(404);
  });

  it("maps Fastify's body errors to 415, 413 and 400", () => {
    expect(problemFromError(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415)).body.status).toBe(415);
    expect(problemFromError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413)).body.status).toBe(413);
    expect(problemFromError(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400)).body.status).toBe(400);
    expect(problemFromError(fastifyError('FST_ERR_CTP_EMPTY_JSON_BODY', 400)).body.status).toBe(400);
  });

  it('maps a schema validation error to 400 with the failing fields', () => {
    const error = Object.assign(new Error('body/job must be string'), {
      code: 'FST_ERR_VALIDATION',
      statusCode: 400,
      validationContext: 'body',
      validation: [
        { keyword: 'required', instancePath: '', schemaPath: '#', params: { requiredProperties: ['job'] } },
        { keyword: 'type', instancePath: '/params', schemaPath: '#/properties/params', message: 'must be object' },
      ],
    });
    const { body, serverError } = problemFromError(error);
    expect(serverError).toBe(false);
    expect(body).toMatchObject({ status: 400, title: 'Bad Request' });
    expect(body.errors).toEqual([
      { path: '/job', message: 'is required' },
      { path: '/params', message: 'must be object' },
    ]);
  });

  it('answers 503 when Temporal cannot be reached or does not answer in time', () => {
    const unavailable = new ServiceError('Failed to query', { cause: Object.assign(new Error('14'), { code: 14 }) });
    const deadline = Object.assign(new Error('4 DEADLINE_EXCEEDED'), { code: 4 });
    for (const error of [unavailable, deadline]) {
      const mapped = problemFromError(error);
      expect(mapped.body.status).toBe(503);
      expect(mapped.serverError).toBe(true);
      expect(JSON.stringify(mapped.body)).not.toContain('Failed to query');
    }
  });

  it('hides the message of any other error behind a 500 title', () => {
    const mapped = problemFromError(new TypeError('secret internals at /srv/app.ts:12:3'));
    expect(mapped).toEqual({
      body: { type: 'about:blank', title: 'Internal Server Error', status: 500 },
      headers: {},
      serverError: true,
    });
    expect(problemFromError(undefined).body.status).toBe(500);
    expect(problemFromError('a string').body.status).toBe(500);
  });

  it("keeps the message of Fastify's other client errors", () => {
    const mapped = problemFromError(fastifyError('FST_ERR_SOMETHING', 405, 'Method not allowed here'));
    expect(mapped.body).toMatchObject({ status: 405, detail: 'Method not allowed here' });
  });
});

describe('fieldErrors', () => {
  it('names query parameters, expands required and additional properties, and drops anyOf branches', () => {
    const errors = fieldErrors('querystring', [
      { keyword: 'const', instancePath: '/status', schemaPath: '#/properties/status/anyOf/0', message: 'must be a' },
      { keyword: 'const', instancePath: '/status', schemaPath: '#/properties/status/anyOf/1', message: 'must be b' },
      { keyword: 'anyOf', instancePath: '/status', schemaPath: '#/properties/status', message: 'must match a schema' },
      { keyword: 'maximum', instancePath: '/pageSize', schemaPath: '#/properties/pageSize', message: 'must be <= 100' },
      { keyword: 'maximum', instancePath: '/pageSize', schemaPath: '#/properties/pageSize', message: 'must be <= 100' },
    ]);
    expect(errors).toEqual([
      { name: 'status', message: 'must match a schema' },
      { name: 'pageSize', message: 'must be <= 100' },
    ]);
    expect(
      fieldErrors('body', [
        {
          keyword: 'boolean',
          instancePath: '/extra',
          schemaPath: '#/additionalProperties',
          message: 'schema is false',
        },
        { keyword: 'additionalProperties', instancePath: '', params: { additionalProperties: ['extra'] } },
        { keyword: 'required', instancePath: '/params', params: { missingProperty: 'type' } },
      ]),
    ).toEqual([
      { path: '/extra', message: 'is not allowed' },
      { path: '/params/type', message: 'is required' },
    ]);
  });
});

describe('isTemporalUnavailable', () => {
  it('looks for gRPC UNAVAILABLE or DEADLINE_EXCEEDED down the cause chain only', () => {
    expect(isTemporalUnavailable(new Error('x', { cause: new Error('y', { cause: { code: 14 } }) }))).toBe(true);
    expect(isTemporalUnavailable({ code: 3 })).toBe(false);
    expect(isTemporalUnavailable(Object.assign(new Error('ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isTemporalUnavailable(null)).toBe(false);
  });
});
