// `npm run build:workflows [file]`: bundles workflows/ once, as the worker image does at build
// time, so that a worker with WORKER_WORKFLOW_BUNDLE_PATH starts without webpack.
import { resolve } from 'node:path';
import { writeWorkflowBundle } from './workflow-bundle';

const output = resolve(process.argv[2] ?? '.data/workflow-bundle.js');

writeWorkflowBundle(output).then(
  (bytes) => console.log(`Workflow bundle written to ${output} (${Math.round(bytes / 1024)} KiB)`),
  (error: unknown) => {
    console.error('Could not build the workflow bundle:', error);
    process.exit(1);
  },
);
