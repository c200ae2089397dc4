/**
 * The bench's worker process: the real worker (`runWorker`) with the bench's jobs, the bench's
 * workflow bundle (production workflows plus the bare baseline) and the bare activity.
 */
import type { NativeConnectionPlugin, WorkerOptions, WorkerPlugin } from '@temporalio/worker';
import { runWorker } from '../../services/worker/run-worker';
import { bareActivityPlugin } from '../bare-activity';
import { benchJobRegistry } from '../jobs';

const bundlePath = process.env.BENCH_WORKFLOW_BUNDLE;
if (!bundlePath) throw new Error('BENCH_WORKFLOW_BUNDLE must name the bundled bench/workflows.ts');

runWorker({
  jobs: benchJobRegistry,
  workflowBundle: { codePath: bundlePath },
  connectionPlugins: [bareActivityPlugin, ...extraOptionsPlugin()],
}).catch((error: unknown) => {
  console.error('Bench worker stopped:', error);
  process.exit(1);
});

/**
 * BENCH_WORKER_OPTIONS (JSON) overrides Worker.create options, to find what limits a bench,
 * e.g. `{"workflowTaskPollerBehavior":{"type":"simple-maximum","maximum":40}}`. Unset in normal runs.
 */
function extraOptionsPlugin(): (WorkerPlugin & NativeConnectionPlugin)[] {
  const json = process.env.BENCH_WORKER_OPTIONS;
  if (!json) return [];
  const extra = JSON.parse(json) as Partial<WorkerOptions>;
  return [{ name: 'bench-worker-options', configureWorker: (options) => ({ ...options, ...extra }) }];
}
