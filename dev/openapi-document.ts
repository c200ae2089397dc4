/**
 * The API's OpenAPI document, built without any server: the app is assembled with a Temporal
 * connection that never dials and an object store that is never asked.
 */
import { Client, Connection } from '@temporalio/client';
import { createObjectStore } from '@temporal-operations/jobs';
import { jobRegistry } from '../jobs';
import { buildApp } from '../services/api/app';
import { loadApiConfig } from '../services/api/config';
import { objectStoreSettings } from '../services/shared/config-parts';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const config = loadApiConfig({
    AUTH_JWT_SECRET: 'openapi-document-only-0123456789abcdefgh',
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    S3_ENDPOINT: 'http://127.0.0.1:1',
    S3_ACCESS_KEY: 'unused',
    S3_SECRET_KEY: 'unused',
    LOG_LEVEL: 'silent',
  });
  const connection = Connection.lazy(config.temporal.connectionOptions);
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const app = await buildApp({
    config,
    temporal: { client, connection },
    objectStore: createObjectStore(objectStoreSettings(config)),
    jobs: jobRegistry,
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
