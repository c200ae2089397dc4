/**
 * Makes sure both dev server binaries are in the cache (CI runs this before `npm test`), and
 * says for each how long its build took or that the cache already had it.
 */
import { resolveBinary, S3_SERVER, TEMPORAL_CLI } from './binaries';
import { DevServicesError } from './dev-services-error';

async function main(): Promise<void> {
  for (const spec of [TEMPORAL_CLI, S3_SERVER]) {
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
