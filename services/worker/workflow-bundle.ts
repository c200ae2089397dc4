import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { workflowsPath } from './create-worker';

/**
 * Bundles workflows/ (webpack) into one file, for `workflowBundle: { codePath }`: the worker
 * image does it at build time (`npm run build:workflows`), the tests once per run.
 * @returns the size of the bundle in bytes
 */
export async function writeWorkflowBundle(output: string, logger?: Logger): Promise<number> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger });
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, code);
  return code.length;
}
