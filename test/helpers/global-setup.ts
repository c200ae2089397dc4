import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDevServices, type DevServices } from '../../dev/dev-services';
import { isProcessRunning } from '../../dev/processes';
import { writeWorkflowBundle } from '../../services/worker/workflow-bundle';
import './test-services';

/**
 * Starts Temporal (in memory), S3 (in a temp dir) and NATS on free ports once per run, bundles the
 * workflow code once, and provides both to the integration tests. Teardown stops them and
 * fails the run if a server process is still alive.
 */
export default async function setup(project: TestProject) {
  const log = (line: string) => console.log(`[dev services] ${line}`);
  const services = await startDevServices({ log });
  let bundleDir: string | undefined;
  try {
    project.provide('testServices', {
      temporalAddress: services.temporalAddress,
      namespace: services.namespace,
      temporalEnv: services.temporalEnv,
      s3: services.s3,
      natsUrl: services.natsUrl,
      processIds: services.processIds,
    });
    bundleDir = await provideWorkflowBundle(project);
  } catch (error) {
    await teardown(services, bundleDir);
    throw error;
  }
  return () => teardown(services, bundleDir);
}

/** Bundles the workflow code once per run and provides its path; returns the folder to remove at teardown. */
export async function provideWorkflowBundle(project: TestProject): Promise<string> {
  const bundleDir = await mkdtemp(join(tmpdir(), 'temporal-operations-bundle-'));
  const bundlePath = join(bundleDir, 'workflow-bundle.js');
  // The same build as the worker image's (npm run build:workflows).
  await writeWorkflowBundle(bundlePath, quietLogger);
  project.provide('workflowBundlePath', bundlePath);
  return bundleDir;
}

async function teardown(services: DevServices, bundleDir: string | undefined): Promise<void> {
  await services.stop();
  if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  const left = services.processIds.filter(isProcessRunning);
  if (left.length > 0) {
    // Vitest only logs a teardown error; the exit code is what fails CI.
    process.exitCode = 1;
    throw new Error(`dev server processes still running after teardown: ${left.join(', ')}`);
  }
}

/** The bundler logs every module at info; only problems matter here. */
const quietLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string, meta?: unknown) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: unknown) => console.error(message, meta ?? ''),
};
