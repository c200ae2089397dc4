// The API process: `npm run start:api`, the container's command.
import { jobRegistry } from '../../jobs';
import { runApi } from './run-api';

runApi(jobRegistry).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
