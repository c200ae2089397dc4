import { Connection } from '@temporalio/client';
import { createObjectStore } from '../activities/object-store';
import { DevServicesError, type Log } from './dev-services-error';
import type { S3Coordinates } from './s3-server';
import type { SearchAttributeKey } from './search-attributes';
import { waitUntilReady } from './wait-until-ready';

const EXTERNAL_READY_MS = 15_000;

/**
 * Checks that the Temporal server in TEMPORAL_ADDRESS answers. Its search attributes are the
 * operator's business: a missing one is reported, not created.
 */
export async function externalTemporal(
  env: NodeJS.ProcessEnv,
  namespace: string,
  keys: readonly SearchAttributeKey[],
  log: Log,
) {
  const address = env.TEMPORAL_ADDRESS ?? '';
  const listed = await waitUntilReady(
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 2000 });
      try {
        return await connection.withDeadline(Date.now() + 2000, () =>
          connection.operatorService.listSearchAttributes({ namespace }),
        );
      } finally {
        await connection.close();
      }
    },
    { what: `Temporal at TEMPORAL_ADDRESS=${address} (namespace ${namespace})`, timeoutMs: EXTERNAL_READY_MS },
  );
  const missing = keys.filter((key) => listed.customAttributes?.[key.name] === undefined).map((key) => key.name);
  if (missing.length > 0) {
    log(`warning: namespace ${namespace} at ${address} lacks the search attributes ${missing.join(', ')} (Keyword)`);
  }
  return { address, uiUrl: null, process: undefined, stop: async () => {} };
}

/** Checks that the S3 server in S3_ENDPOINT answers with the S3_* keys, and creates the bucket if missing. */
export async function externalS3(env: NodeJS.ProcessEnv, defaults: { bucket: string; region: string }) {
  const endpoint = env.S3_ENDPOINT ?? '';
  const accessKey = env.S3_ACCESS_KEY;
  const secretKey = env.S3_SECRET_KEY;
  if (!accessKey || !secretKey) {
    throw new DevServicesError(`S3_ENDPOINT=${endpoint} is set, so S3_ACCESS_KEY and S3_SECRET_KEY are required too`);
  }
  const coordinates: S3Coordinates = {
    endpoint,
    region: env.S3_REGION || defaults.region,
    bucket: env.S3_BUCKET || defaults.bucket,
    accessKey,
    secretKey,
  };
  const store = createObjectStore(coordinates);
  await waitUntilReady(() => store.ensureBucket(), {
    what: `S3 at S3_ENDPOINT=${endpoint}`,
    timeoutMs: EXTERNAL_READY_MS,
  });
  return { ...coordinates, process: undefined, stop: async () => {} };
}
