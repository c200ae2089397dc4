// `npm run build:workflows [file]`: bundles workflows/ once, as the worker image does at build
// time, so that a worker with WORKER_WORKFLOW_BUNDLE_PATH starts without webpack.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from './create-worker';

const DEFAULT_OUTPUT = '.data/workflow-bundle.js';

async function main(output: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath });
  await mkdir(dirname(output), { recursive: true });
  await writeFile(output, code);
  console.log(`Workflow bundle written to ${output} (${Math.round(code.length / 1024)} KiB)`);
}

main(resolve(process.argv[2] ?? DEFAULT_OUTPUT)).catch((error: unknown) => {
  console.error('Could not build the workflow bundle:', error);
  process.exit(1);
});
