/**
 * `@temporal-operations/jobs`: write jobs (`OperationJob` and its helpers) and run them in any
 * Temporal worker (`withOperations`). The workflow code is `@temporal-operations/jobs/workflows`.
 */
// Writing a job
export { OperationJob, type JobClass } from './job/operation-job';
export type { InputFile, OutputFileOptions, OutputFileSource } from './job/job-files';
export { safeFileName } from './job/safe-file-name';
export { APPROVAL_SCHEMA, type ApprovalOptions, type InputQuestion } from './job/job-questions';
export { checkAnswer, questionSchemaProblems, type AnswerCheck, type AnswerError } from './job/question-schema';

// Running jobs in a worker
export { withOperations, type OperationsWorkerParts } from './worker/with-operations';
export {
  workflowInterceptorModules,
  workflowsPath,
  workflowBundlerAliases,
  withWorkflowBundlerAliases,
} from './package-files';
export { JobRegistry, type JobDescription, type RegisteredJob } from './job/job-registry';
export {
  compileParamsCheck,
  unknownJob as unknownJobCheck,
  type ParamsCheck,
  type ParamsError,
} from './job/params-check';

// The job catalog: how an API learns of jobs that run in other workers
export { publishJobCatalog, type PublishJobCatalogOptions } from './catalog/publish-job-catalog';
export { readJobCatalog, type CatalogRead, type KnownCatalogEntry } from './catalog/read-job-catalog';
export { JOB_CATALOG_PREFIX } from './catalog/job-catalog-entry';
export { createActivities } from './activities';
export type { ProgressSink } from './activities/run-job';
export { createCleanupActivities } from './activities/cleanup-activities';
export type { CleanupOptions } from './activities/cleanup-files';
export { noJobMetrics, type JobMetrics, type JobOutcome } from './activities/job-metrics';

// Webhooks
export {
  endpointsFor,
  webhookSecretProblem,
  webhookUrlProblem,
  type WebhookEndpoint,
  type WebhookEndpoints,
} from './webhooks/webhook-endpoints';
export { webhookMessageId, webhookPayload, type WebhookPayload } from './webhooks/webhook-payload';

// Files in the object store
export { createObjectStore, type ObjectStore, type ObjectStoreConfig } from './files/object-store';
export { isMissingObject, ObjectStoreError } from './files/object-store-error';
export { isOperationFile, OperationFiles, operationFileKey } from './files/operation-files';
export { OperationPins, PINS_PREFIX } from './files/operation-pins';
export { MAX_SHARE_SECONDS, SHARES_PREFIX } from './files/share-files';
export { UPLOAD_PART_BYTES, UPLOAD_PARTS_IN_FLIGHT, uploadStream } from './files/upload-stream';
