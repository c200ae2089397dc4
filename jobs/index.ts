import { JobRegistry } from '@temporal-operations/jobs';
import { ExportProductsJob } from './export-products-job';
import { OperationExampleJob } from './operation-example-job';

/** Every job this deployment runs. Add yours here. */
export const jobRegistry = new JobRegistry([OperationExampleJob, ExportProductsJob]);

export { ExportProductsJob, OperationExampleJob };
