import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { Operation } from '../../services/api/schemas/operation';
import { authHeader, type TestApi } from './api-test-app';

/** The calls the question tests make through the API, for one test app. */
export function questionApi(api: TestApi) {
  async function create(userId: string, params: Record<string, unknown>, job = 'OperationExampleJob') {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: await authHeader(userId),
      payload: { job, params },
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Operation;
  }

  async function read(userId: string, id: string): Promise<Operation> {
    const response = await api.app.inject({ url: `/v1/operations/${id}`, headers: await authHeader(userId) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Operation;
  }

  /** Polls until `done` holds (bounded). */
  async function waitFor(userId: string, id: string, done: (operation: Operation) => boolean, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    let operation: Operation | undefined;
    while (Date.now() < deadline) {
      operation = await read(userId, id);
      if (done(operation)) return operation;
      await sleep(100);
    }
    throw new Error(`operation ${id} never matched; last seen ${JSON.stringify(operation)}`);
  }

  async function answer(userId: string, id: string, body: unknown, headers: Record<string, string> = {}) {
    return api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/input`,
      headers: { ...(await authHeader(userId)), ...headers },
      payload: body as Record<string, unknown>,
    });
  }

  return { create, read, waitFor, answer };
}

export const isWaiting = (operation: Operation) => operation.status === 'waiting' && operation.question !== null;
export const isFinished = (operation: Operation) => ['completed', 'failed', 'canceled'].includes(operation.status);
