import { join } from 'node:path';
import { resolveBinary, TEMPORAL_CLI } from '../../dev/binaries';
import { freePort } from '../../dev/ports';
import type { TemporalDevServerOptions } from '../../dev/temporal-dev-server';
import { OPERATION_SEARCH_ATTRIBUTES } from '../../packages/client/src/contract/definitions';

/**
 * A Temporal dev server of a fault test's own, on a SQLite file in `dataDir`: started again
 * with the same options, it comes back on the same port with its history.
 */
export async function restartableTemporalOptions(dataDir: string): Promise<TemporalDevServerOptions> {
  const binary = await resolveBinary(TEMPORAL_CLI, () => {});
  return {
    binary: binary.path,
    // Fixed, so that the restarted server is where the worker and the API already point.
    port: await freePort(),
    uiPort: null,
    dbFile: join(dataDir, 'temporal.db'),
    namespace: 'default',
    searchAttributes: OPERATION_SEARCH_ATTRIBUTES,
    log: () => {},
    logFile: join(dataDir, 'temporal.log'),
  };
}
