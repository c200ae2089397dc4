/**
 * The bench's API process: the real API (`runApi`, same configuration, listener and logging)
 * with the bench's jobs registered, so that `POST /v1/operations` validates and starts them.
 */
import { runApi } from '../../services/api/run-api';
import { benchJobRegistry } from '../jobs';

runApi(benchJobRegistry).catch((error: unknown) => {
  console.error('Bench API stopped:', error);
  process.exit(1);
});
