// A worker process, as services/worker/worker.ts, that also runs the fault tests' jobs.
import { runWorker } from '../../services/worker/run-worker';
import { faultJobRegistry } from './fault-jobs';

runWorker({ jobs: faultJobRegistry }).catch((error: unknown) => {
  console.error('Worker stopped:', error);
  process.exit(1);
});
