// The worker process: `npm run start:worker`, the container's command.
import { jobRegistry } from '../../jobs';
import { ConfigError } from '../shared/load-env';
import { TemporalNotReadyError } from '../shared/temporal-readiness';
import { runWorker } from './run-worker';

runWorker({ jobs: jobRegistry }).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof TemporalNotReadyError) console.error(error.message);
  else console.error('Worker stopped:', error);
  process.exit(1);
});
