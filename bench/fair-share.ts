/**
 * `npm run bench:fair`: how long another user's new operation waits while one user has 1,000
 * operations queued or running, with the default configuration (200 job slots per worker; the
 * dev server dispatches by fairness key). One worker process, jobs of 5 one-second steps.
 * Prints the light user's wait (created → started) and how many heavy jobs started before it.
 */
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { startDevServices } from '../dev/dev-services';
import { spawnManaged } from '../dev/processes';
import { serviceEnvironment } from '../dev/service-environment';
import { jobRegistry } from '../jobs';
import { readOperation, startOperation } from '@temporal-operations/client';

const HEAVY_OPERATIONS = Number(process.env.BENCH_FAIR_HEAVY ?? 1000);
const TASK_QUEUE = 'bench-fair';
const workerEntry = fileURLToPath(new URL('../services/worker/worker.ts', import.meta.url));
const log = (line: string) => console.log(`[fair] ${line}`);

async function main(): Promise<void> {
  const services = await startDevServices({ log, nats: false });
  const worker = spawnManaged({
    name: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', workerEntry],
    env: { ...process.env, ...serviceEnvironment(services), TEMPORAL_TASK_QUEUE: TASK_QUEUE, LOG_LEVEL: 'warn' },
    output: 'inherit',
  });
  const connection = await Connection.connect({ address: services.temporalAddress });
  const client = new Client({ connection, namespace: services.namespace });
  try {
    const job = jobRegistry.get('OperationExampleJob')!;
    const start = (userId: string) =>
      startOperation(
        client,
        { job: job.name, params: { type: 'progress', steps: 5, stepMs: 1000 }, userId, run: job.run },
        { taskQueue: TASK_QUEUE },
      );
    log(`starting ${HEAVY_OPERATIONS} operations for heavy-user…`);
    const heavy: string[] = [];
    for (let i = 0; i < HEAVY_OPERATIONS; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, HEAVY_OPERATIONS - i) }, () => start('heavy-user')),
      );
      heavy.push(...batch.map(({ operation }) => operation.id));
    }
    // Let the worker fill its slots and the rest queue up.
    await sleep(5000);
    const { operation: light } = await start('light-user');
    let started: Awaited<ReturnType<typeof readOperation>> = null;
    for (let i = 0; i < 1200 && !started?.startedAt; i++) {
      started = await readOperation(client, light.id);
      if (!started?.startedAt) await sleep(100);
    }
    const waitMs = new Date(started!.startedAt!).getTime() - new Date(light.createdAt).getTime();
    let heavyStartedBefore = 0;
    let heavyNotStarted = 0;
    for (const id of heavy) {
      const record = await readOperation(client, id);
      if (!record?.startedAt) heavyNotStarted++;
      else if (record.startedAt < started!.startedAt!) heavyStartedBefore++;
    }
    log(
      `light-user's operation started ${waitMs} ms after its creation (target < 5,000 ms); ` +
        `${heavyStartedBefore} of heavy-user's ${HEAVY_OPERATIONS} had started before it, ${heavyNotStarted} were still waiting`,
    );
  } finally {
    await connection.close();
    await worker.stop();
    await services.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
