import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import type { JobRegistry } from '../../packages/jobs/src/job/job-registry';
import { serviceEnvironment } from '../../dev/service-environment';
import { jobRegistry } from '../../jobs';
import { buildApp, type ApiApp } from '../../services/api/app';
import { loadApiConfig, type ApiConfig } from '../../services/api/config';
import { createObjectStore } from '../../packages/jobs/src/files/object-store';
import { objectStoreSettings } from '../../services/shared/config-parts';
import { OPERATION_WORKFLOW_TYPE, userIdSearchAttribute } from '../../packages/client/src/contract/definitions';
import { uniqueTaskQueue } from './test-worker';
import { testServices } from './test-services';

/** The HS256 secret the test apps trust. */
export const TEST_JWT_SECRET = 'test-secret-for-the-api-suites-0123456789';

export interface TestApi {
  app: ApiApp;
  client: Client;
  taskQueue: string;
  config: ApiConfig;
  /** Closes the app and the Temporal connection. */
  close(): Promise<void>;
}

/**
 * Builds the API against this run's Temporal and S3 (or the S3_* of `env`), on its own task
 * queue; not listening (use `inject`).
 */
export async function startTestApi(
  env: Record<string, string> = {},
  jobs: JobRegistry = jobRegistry,
): Promise<TestApi> {
  const services = testServices();
  const taskQueue = env.TEMPORAL_TASK_QUEUE ?? uniqueTaskQueue('api');
  const config = loadApiConfig({
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    ...serviceEnvironment(services),
    LOG_LEVEL: 'silent',
    ...env,
    TEMPORAL_TASK_QUEUE: taskQueue,
  });
  const connection = await Connection.connect(config.temporal.connectionOptions);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = await buildApp({
    config,
    temporal: { client, connection },
    objectStore: createObjectStore(objectStoreSettings(config)),
    jobs,
  });
  await app.ready();
  return {
    app,
    client,
    taskQueue,
    config,
    async close() {
      await app.close();
      await connection.close();
    },
  };
}

/** A user id no other test uses. */
export function uniqueUser(prefix = 'user'): string {
  return `${prefix}-${randomUUID()}`;
}

/** An HS256 token for `sub`, valid for a minute unless `expiresAt` (seconds since the epoch) says otherwise. */
export async function signTestToken(
  sub: string | undefined,
  options: { secret?: string; expiresAt?: number | null; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (sub !== undefined) jwt = jwt.setSubject(sub);
  if (options.expiresAt !== null) jwt = jwt.setExpirationTime(options.expiresAt ?? Math.floor(Date.now() / 1000) + 60);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_JWT_SECRET));
}

/** The Authorization header for a user. */
export async function authHeader(userId: string): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await signTestToken(userId)}` };
}

/** How many workflows Temporal knows for a user (visibility is eventually consistent: count after a pause). */
export async function countUserWorkflows(client: Client, userId: string): Promise<number> {
  const escaped = userId.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const { count } = await client.workflow.count(`userId = "${escaped}"`);
  return count;
}

/** How long the suites let visibility catch up with a start. */
export const VISIBILITY_BOUND_MS = 5000;

/**
 * Proves that nothing was started for `userId` so far. Visibility is eventually consistent, so
 * a count of zero after a pause proves little: this starts a marker workflow for the same user
 * (on a task queue no worker polls), waits until visibility lists it (within the suite's 5 s
 * bound), and only then expects it to be the user's only workflow. The marker is terminated.
 */
export async function expectNothingStartedFor(client: Client, userId: string): Promise<void> {
  const workflowId = `visibility-marker-${randomUUID()}`;
  const handle = await client.workflow.start(OPERATION_WORKFLOW_TYPE, {
    workflowId,
    taskQueue: `visibility-marker-${randomUUID()}`,
    args: [],
    typedSearchAttributes: [{ key: userIdSearchAttribute, value: userId }],
  });
  try {
    const until = Date.now() + VISIBILITY_BOUND_MS;
    const marker = `${userQuery(userId)} AND WorkflowId = "${workflowId}"`;
    while ((await client.workflow.count(marker)).count === 0) {
      if (Date.now() > until) throw new Error(`visibility did not list ${workflowId} within ${VISIBILITY_BOUND_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await client.workflow.count(userQuery(userId))).count, `workflows of ${userId}`).toBe(1);
  } finally {
    await handle.terminate('visibility marker');
  }
}

function userQuery(userId: string): string {
  return `userId = "${userId.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
