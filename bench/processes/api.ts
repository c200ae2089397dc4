/**
 * The bench's API process: services/api/server.ts with the bench's jobs registered, so that
 * `POST /v1/operations` validates and starts them. Same configuration (loadApiConfig), same
 * `buildApp`, a real listener; it closes on SIGTERM/SIGINT as the server does.
 */
import { Client, Connection } from '@temporalio/client';
import { collectDefaultMetrics } from 'prom-client';
import { createObjectStore } from '../../activities/object-store';
import { buildApp } from '../../services/api/app';
import { loadApiConfig } from '../../services/api/config';
import { benchJobRegistry } from '../jobs';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const objectStore = createObjectStore({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    bucket: config.S3_BUCKET,
    accessKey: config.S3_ACCESS_KEY,
    secretKey: config.S3_SECRET_KEY,
  });
  const app = await buildApp({ config, temporal: { client, connection }, objectStore, jobs: benchJobRegistry });
  collectDefaultMetrics({ register: app.metrics.registry });
  await app.listen({ host: config.HOST, port: config.PORT });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app
        .close()
        .then(() => connection.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
  }
}

main().catch((error: unknown) => {
  console.error('Bench API stopped:', error);
  process.exit(1);
});
