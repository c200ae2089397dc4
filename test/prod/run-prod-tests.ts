/**
 * `npm run test:prod`: makes the run's folder and certificates, then runs vitest with
 * vitest.prod.config.ts. The S3 server's private CA must be known when each Node process
 * starts, so it reaches vitest, its workers and every API and worker process they spawn through
 * NODE_EXTRA_CA_CERTS. Temporal's CA is not in it: the services trust that one only through
 * TEMPORAL_TLS_SERVER_CA_CERT_PATH. The folder (server logs) is kept when the run fails.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCertificates } from '../helpers/certificates';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<number> {
  const runDir = await mkdtemp(join(tmpdir(), 'temporal-operations-prod-'));
  // PostgreSQL runs as its own user and must reach its data folder inside.
  await chmod(runDir, 0o711);
  await makeCertificates(runDir, 'temporal');
  const s3 = await makeCertificates(runDir, 's3');
  const vitest = spawn(
    join(root, 'node_modules', '.bin', 'vitest'),
    ['run', '--config', 'vitest.prod.config.ts', ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_EXTRA_CA_CERTS: s3.caCert, TEST_PROD_DIR: runDir } },
  );
  const [code, signal] = (await once(vitest, 'exit')) as [number | null, NodeJS.Signals | null];
  if (code === 0) await rm(runDir, { recursive: true, force: true });
  else console.error(`test:prod failed (${code ?? signal}); server logs kept in ${runDir}`);
  return code ?? 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:prod could not start: ${(error as Error).message}`);
    process.exit(1);
  },
);
