import { createObjectStore } from '@temporal-operations/jobs';
import { DevServicesError, type Log } from './dev-services-error';
import type { S3Coordinates } from './s3-server';
import { readTemporalConnection, TEMPORAL_CONNECTION_VARIABLES } from '../services/shared/temporal-connection-config';
import { createTemporalProbe } from '../services/shared/temporal-readiness';
import { waitUntilReady } from './wait-until-ready';

const EXTERNAL_READY_MS = 15_000;

/**
 * Checks that the Temporal server named by Temporal's standard variables (TEMPORAL_ADDRESS, a
 * TOML profile, TLS) answers. Its search attributes are the operator's business: a missing one
 * is reported, not created.
 */
export async function externalTemporal(env: NodeJS.ProcessEnv, namespace: string, log: Log) {
  const { config, problems } = readTemporalConnection({ ...env, TEMPORAL_NAMESPACE: namespace });
  if (!config) throw new DevServicesError(`Invalid configuration: ${problems.join('; ')}`);
  const probe = createTemporalProbe(config);
  try {
    let problem: string | undefined;
    await waitUntilReady(
      async () => {
        problem = await probe.problem(2000);
        // Missing search attributes are reported below; anything else is worth waiting for.
        if (problem && !/lacks the search attributes/.test(problem)) throw new Error(problem);
      },
      { what: `Temporal at ${config.summary}`, timeoutMs: EXTERNAL_READY_MS },
    );
    if (problem) log(`warning: ${problem}`);
  } finally {
    await probe.close();
  }
  const temporalEnv = Object.fromEntries(
    TEMPORAL_CONNECTION_VARIABLES.flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  return { address: config.address, temporalEnv, uiUrl: null, process: undefined, stop: async () => {} };
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
