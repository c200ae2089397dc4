import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { isProcessRunning } from '../../dev/processes';
import { provideWorkflowBundle } from '../helpers/global-setup';
import '../helpers/test-services';
import { startProdServices } from './prod-services';

/**
 * The production-like services of `npm run test:prod`, started once per run in the folder that
 * run-prod-tests.ts prepared (TEST_PROD_DIR, with the run's certificates), and provided to the
 * suites exactly as test/helpers/global-setup.ts provides the dev services.
 */
export default async function setup(project: TestProject) {
  const runDir = process.env.TEST_PROD_DIR;
  if (!runDir) throw new Error('TEST_PROD_DIR is not set: run these suites with `npm run test:prod`');
  const log = (line: string) => console.log(`[prod services] ${line}`);
  const started = await startProdServices(runDir, log);
  let bundleDir: string | undefined;
  const teardown = async () => {
    await started.stop();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
    const left = started.services.processIds.filter(isProcessRunning);
    if (left.length > 0) {
      process.exitCode = 1;
      throw new Error(`server processes still running after teardown: ${left.join(', ')}`);
    }
  };
  try {
    project.provide('testServices', started.services);
    bundleDir = await provideWorkflowBundle(project);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
