/**
 * Makes sure the dev server binaries (Temporal CLI, S3 server, NATS server) are in the cache (CI runs this before `npm test`), and
 * says for each how long its build took or that the cache already had it. With `prod`, the
 * Temporal server and its SQL tool too (for `npm run test:prod`).
 */
import { NATS_SERVER, resolveBinary, S3_SERVER, TEMPORAL_CLI, TEMPORAL_SERVER, TEMPORAL_SQL_TOOL } from './binaries';
import { DevServicesError } from './dev-services-error';

async function main(): Promise<void> {
  const prod = process.argv.includes('prod') ? [TEMPORAL_SERVER, TEMPORAL_SQL_TOOL] : [];
  for (const spec of [TEMPORAL_CLI, S3_SERVER, NATS_SERVER, ...prod]) {
    const started = performance.now();
    const { path, source } = await resolveBinary(spec, (line) => console.log(line));
    const seconds = Math.round((performance.now() - started) / 1000);
    const how =
      source === 'build'
        ? `built in ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
        : `from the ${source}, no build`;
    console.log(`${spec.label} ${spec.version}: ${how} (${path})`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof DevServicesError ? `error: ${error.message}` : error);
  process.exit(1);
});
