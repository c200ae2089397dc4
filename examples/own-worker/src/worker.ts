/**
 * The team's worker: its own task queue, its own connection (the standard TEMPORAL_* variables),
 * its own workflow beside the operation workflows, and its own job.
 */
import { fileURLToPath } from 'node:url';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createObjectStore, publishJobCatalog, withOperations } from '@temporal-operations/jobs';
import { CsvReportJob } from './csv-report-job.js';

const taskQueue = process.env.TASK_QUEUE ?? 'team-reports';
const jobs = [CsvReportJob];

async function run(): Promise<void> {
  const config = loadClientConnectConfig();
  const connection = await NativeConnection.connect(config.connectionOptions);
  const objectStore = createObjectStore({
    endpoint: required('S3_ENDPOINT'),
    region: process.env.S3_REGION ?? 'us-east-1',
    bucket: process.env.S3_BUCKET ?? 'operations',
    accessKey: process.env.S3_ACCESS_KEY,
    secretKey: process.env.S3_SECRET_KEY,
  });
  try {
    const worker = await Worker.create(
      withOperations(
        {
          connection,
          namespace: config.namespace ?? 'default',
          taskQueue,
          workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
        },
        { jobs, objectStore },
      ),
    );
    // Tells the API which jobs run here, so it validates them and starts them on this queue.
    await publishJobCatalog({ objectStore, taskQueue, jobs });
    console.log(`worker ready on ${taskQueue}`);
    await worker.run();
  } finally {
    await connection.close();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
