import { randomUUID } from 'node:crypto';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Type, type Static } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  JOB_CATALOG_PREFIX,
  JobRegistry,
  OperationJob,
  createObjectStore,
  publishJobCatalog,
  withOperations,
  type ObjectStore,
} from '@temporal-operations/jobs';
import { authHeader, startTestApi, uniqueUser, type TestApi } from '../helpers/api-test-app';
import { testServices, workflowBundlePath } from '../helpers/test-services';
import { testTemporalConnection, uniqueTaskQueue } from '../helpers/test-worker';

const GreetParams = Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false });

/** A job only the "team's" worker below has: the API learns of it from the catalog alone. */
class CatalogGreetJob extends OperationJob<Static<typeof GreetParams>> {
  static override readonly params = GreetParams;
  static readonly description = 'Greets someone from another worker';

  async perform({ name }: Static<typeof GreetParams>): Promise<void> {
    await this.addOperationLog(`greeting ${name}`);
    await this.saveOperationOutputMessage(`Hello, ${name}`);
  }
}

let api: TestApi;
let store: ObjectStore;
let worker: Worker;
let running: Promise<void>;
let connection: NativeConnection;
const teamQueue = uniqueTaskQueue('team');

beforeAll(async () => {
  // A bucket of its own: what is published here must not show in other files' job lists.
  const bucket = `catalog-${randomUUID().slice(0, 8)}`;
  store = createObjectStore({ ...testServices().s3, bucket });
  await store.ensureBucket();
  api = await startTestApi({ S3_BUCKET: bucket });
  connection = await NativeConnection.connect(testTemporalConnection().connectionOptions);
  worker = await Worker.create(
    withOperations(
      {
        connection,
        namespace: testServices().namespace,
        taskQueue: teamQueue,
        workflowBundle: { codePath: workflowBundlePath() },
      },
      { jobs: [CatalogGreetJob], objectStore: store },
    ),
  );
  running = worker.run();
  await publishJobCatalog({ objectStore: store, taskQueue: teamQueue, jobs: [CatalogGreetJob] });
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await api?.close();
});

describe('the job catalog', () => {
  it('lists a job another worker published, beside the API’s own', async () => {
    const response = await api.app.inject({ url: '/v1/jobs', headers: await authHeader(uniqueUser()) });
    const names = (response.json() as { jobs: { name: string }[] }).jobs.map((job) => job.name);
    expect(names).toEqual(expect.arrayContaining(['CatalogGreetJob', 'OperationExampleJob']));
  });

  it('starts it on its worker’s task queue, where it completes', async () => {
    const headers = await authHeader(uniqueUser());
    const created = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers,
      payload: { job: 'CatalogGreetJob', params: { name: 'Ada' } },
    });
    expect(created.statusCode).toBe(201);
    const id = (created.json() as { id: string }).id;
    const handle = api.client.workflow.getHandle(id);
    expect((await handle.describe()).taskQueue).toBe(teamQueue);
    await handle.result();
    const read = await api.app.inject({ url: `/v1/operations/${id}`, headers });
    expect(read.json()).toMatchObject({ status: 'completed', output: { message: 'Hello, Ada' } });

    // Run again, with edited params: on the same worker's queue.
    const rerun = await api.app.inject({
      method: 'POST',
      url: `/v1/operations/${id}/rerun`,
      headers,
      payload: { params: { name: 'Grace' } },
    });
    expect(rerun.statusCode).toBe(201);
    const rerunHandle = api.client.workflow.getHandle((rerun.json() as { id: string }).id);
    expect((await rerunHandle.describe()).taskQueue).toBe(teamQueue);
    await rerunHandle.result();
  });

  it('checks params against the published schema: 422 and nothing started', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: await authHeader(uniqueUser()),
      payload: { job: 'CatalogGreetJob', params: { name: '', extra: 1 } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/params/extra' }),
        expect.objectContaining({ path: '/params/name' }),
      ]),
    );
  });

  it('skips malformed entries, and never lets one take over a job of the API’s own', async () => {
    const put = (key: string, body: string) =>
      store.client.putObject(store.bucket, `${JOB_CATALOG_PREFIX}${key}`, Buffer.from(body));
    await put('Broken.json', '{ not json');
    await put('Wrong.json', JSON.stringify({ version: 1, name: 'Other' }));
    await publishJobCatalog({
      objectStore: store,
      taskQueue: 'elsewhere',
      jobs: new JobRegistry([renamed('OperationExampleJob')]),
    });
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: await authHeader(uniqueUser()),
      payload: { job: 'OperationExampleJob', params: { type: 'progress', steps: 1 } },
    });
    expect(response.statusCode).toBe(201);
    const description = await api.client.workflow.getHandle((response.json() as { id: string }).id).describe();
    expect(description.taskQueue).toBe(api.taskQueue);
  });

  it('answers 422 for a job nobody published', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/operations',
      headers: await authHeader(uniqueUser()),
      payload: { job: 'NobodysJob', params: {} },
    });
    expect(response.statusCode).toBe(422);
  });
});

describe('withOperations', () => {
  it('refuses a job class without perform, and two jobs of one name, before the worker starts', () => {
    const options = { taskQueue: 'x', workflowBundle: { codePath: workflowBundlePath() } };
    const noPerform = class NoPerformJob {} as unknown as typeof CatalogGreetJob;
    expect(() => withOperations(options, { jobs: [noPerform], objectStore: store })).toThrow(
      'Job NoPerformJob has no perform(params) method',
    );
    expect(() => withOperations(options, { jobs: [CatalogGreetJob, CatalogGreetJob], objectStore: store })).toThrow(
      'Job CatalogGreetJob is registered twice',
    );
  });
});

/** A job class of another name, standing for another team's job that reuses a name. */
function renamed(name: string): typeof CatalogGreetJob {
  const job = class extends CatalogGreetJob {};
  Object.defineProperty(job, 'name', { value: name });
  return job;
}
